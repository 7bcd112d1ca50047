/**
 * What ends a CSV row, for csv-parse's `record_delimiter`: CRLF, LF and CR, mixed as they come. A file
 * edited on two systems (or saved by a spreadsheet after a header typed elsewhere) mixes them, and left to
 * guess, csv-parse takes the first row's ending for the whole file: after a CRLF header the LF rows were
 * read as one record, and after an LF header a CRLF row kept a CR in its last cell. Line breaks inside
 * quotes stay as written.
 */
export const csvRowEndings: readonly string[] = ["\r\n", "\n", "\r"];
