/*
 * Reads the reference and current CSV files into drift-engine columns: numeric columns as
 * Float64Arrays (NaN = missing), categorical ones as strings.
 */
import { CsvColumns, CsvInputError, readCsvColumns } from './csvColumns';

/** Engine-ready columns of both files plus the kind of every feature. */
export interface DriftInput {
  reference: Record<string, Float64Array | string[]>;
  current: Record<string, Float64Array | string[]>;
  kinds: Record<string, 'numeric' | 'categorical'>;
  rows: { reference: number; current: number };
}

function checkSameColumns(
  reference: CsvColumns,
  current: CsvColumns,
  categorical: string[],
) {
  const refNames = new Set(reference.header);
  const curNames = new Set(current.header);
  for (const name of reference.header) {
    if (!curNames.has(name)) {
      throw new CsvInputError(
        `column "${name}" is in ${reference.file} but not in ${current.file}; both files need the same columns`,
      );
    }
  }
  for (const name of current.header) {
    if (!refNames.has(name)) {
      throw new CsvInputError(
        `column "${name}" is in ${current.file} but not in ${reference.file}; both files need the same columns`,
      );
    }
  }
  for (const name of categorical) {
    if (!refNames.has(name)) {
      throw new CsvInputError(
        `--categorical names column "${name}", which is not in ${
          reference.file
        } (columns: ${reference.header.join(', ')})`,
      );
    }
  }
}

/**
 * Reads both files. A column is numeric when every non-missing value on both sides parses
 * as a number, unless listed in `categorical`; otherwise both sides are read as strings
 * (re-reading a file only when a column turned out non-numeric after the first 1000 rows, or
 * on one side only).
 */
export async function readDriftInput(
  referenceFile: string,
  currentFile: string,
  categorical: string[],
): Promise<DriftInput> {
  const asStrings = new Set(categorical);
  let [reference, current] = await Promise.all([
    readCsvColumns(referenceFile, asStrings),
    readCsvColumns(currentFile, asStrings),
  ]);
  checkSameColumns(reference, current, categorical);
  // A column is categorical when either side stored it as strings (non-numeric values seen);
  // a side that parsed it as numbers is then read again with that column as strings.
  const isStrings = (f: CsvColumns, name: string) => {
    const column = f.columns[f.header.indexOf(name)];
    return column === null || Array.isArray(column);
  };
  for (const name of reference.header) {
    if (isStrings(reference, name) || isStrings(current, name))
      asStrings.add(name);
  }
  const needsReread = (f: CsvColumns) =>
    f.header.some(
      name =>
        asStrings.has(name) &&
        !Array.isArray(f.columns[f.header.indexOf(name)]),
    );
  if (needsReread(reference) || needsReread(current)) {
    [reference, current] = await Promise.all([
      needsReread(reference)
        ? readCsvColumns(referenceFile, asStrings)
        : reference,
      needsReread(current) ? readCsvColumns(currentFile, asStrings) : current,
    ]);
  }
  const input: DriftInput = {
    reference: {},
    current: {},
    kinds: {},
    rows: { reference: reference.rows, current: current.rows },
  };
  reference.header.forEach((name, refIndex) => {
    input.reference[name] = reference.columns[refIndex]!;
    input.current[name] = current.columns[current.header.indexOf(name)]!;
    input.kinds[name] = asStrings.has(name) ? 'categorical' : 'numeric';
  });
  return input;
}
