#!/usr/bin/env node
/*
 * Summarises a V8 CPU profile (.cpuprofile from node --cpu-prof): self time by package (or file)
 * and the top functions, to see what a catalog run spends its CPU on.
 *
 *   node bench/catalog/profileSummary.js <file.cpuprofile> [--top 30]
 */
const fs = require('node:fs');

const [file, , top = '30'] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt[i]);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function where(url) {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/(plugins|packages)\/([^/]+)\//.exec(url);
  if (m) return `${m[1]}/${m[2]}`;
  return url.startsWith('node:') ? 'node:' : url;
}

const byPackage = new Map();
const byFunction = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const pkg = where(n.callFrame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${pkg}${
    n.callFrame.url && !n.callFrame.url.includes('node_modules')
      ? ` ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber}`
      : ''
  }`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}
const show = (title, map) => {
  console.log(title);
  for (const [k, us] of [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(top)))
    console.log(
      `  ${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total)
        .toFixed(1)
        .padStart(5)}%  ${k}`,
    );
};
console.log(`total sampled ${(total / 1e6).toFixed(1)} s`);
show('self time by package', byPackage);
show('self time by function', byFunction);
