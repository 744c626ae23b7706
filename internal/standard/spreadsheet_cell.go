package standard

// SpreadsheetCell neutralises a value of a CSV file meant for a
// spreadsheet (reports, coordinators' lists): one that would start a
// formula gets a leading apostrophe, numbers excepted (see cell). The
// open-data files do not use it: they stay faithful to the data.
func SpreadsheetCell(v string) string { return cell(v) }

// SpreadsheetRow is SpreadsheetCell of every value of a row.
func SpreadsheetRow(row []string) []string {
	out := make([]string, len(row))
	for i, v := range row {
		out[i] = cell(v)
	}
	return out
}
