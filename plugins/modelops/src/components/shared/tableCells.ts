import type { TableColumn } from '@backstage/core-components';

/**
 * Cell styles that keep tables readable on narrow screens (1024 px): words wrap only between
 * words, never inside one ("Personali-zation"), and the table scrolls sideways instead. Backstage's
 * table breaks long words by default.
 */
export const wrapWords = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
} as const;

/** For short values (chips, numbers, dates): no wrapping at all. */
export const noWrap = { ...wrapWords, whiteSpace: 'nowrap' } as const;

/**
 * The columns with {@link wrapWords} on every cell and header, and {@link noWrap} on the fields
 * listed in `noWrapFields`.
 */
export function readableColumns<T extends object>(
  columns: TableColumn<T>[],
  noWrapFields: string[] = [],
): TableColumn<T>[] {
  return columns.map(c => {
    const style =
      c.field && noWrapFields.includes(String(c.field)) ? noWrap : wrapWords;
    return {
      ...c,
      cellStyle: { ...style, ...(c.cellStyle as object) },
      headerStyle: { ...wrapWords, ...c.headerStyle },
    };
  });
}
