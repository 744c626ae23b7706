package tableur

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"
)

// fsRows generates n rows in the layout of the France Services list,
// with the variety of the real one: hours with one or two ranges, empty
// Saturdays, mobile sites, comments of several lines.
func fsRows(n int) [][]string {
	header := []string{"id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com", "code_postal", "lib_com", "latitude", "longitude", "mail", "telephone",
		"h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi", "commentaire", "itinerance", "format_fs", "groupe", "labellisation", "format_fs_anct"}
	formats := []string{"Lieu fixe", "Lieu fixe", "Lieu fixe", "Antenne", "Multi-sites", "Mobile"}
	hours := []string{"09:00 - 12:00 / 13:30 - 17:00", "08:30 - 12:00", "09:00 - 12:30 / 14:00 - 17:00", ""}
	rows := [][]string{header}
	for i := 0; i < n; i++ {
		dep := fmt.Sprintf("%02d", 1+i%95)
		f := formats[i%len(formats)]
		it := "Non"
		if f == "Mobile" || f == "Multi-sites" {
			it = "Oui"
		}
		comment := ""
		if i%5 == 0 {
			comment = "Prise de rendez-vous conseillée\nau 05 61 00 00 00"
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), dep, fmt.Sprintf("France services n°%d", i+1), fmt.Sprintf("%d rue de la Mairie", 1+i%200), "",
			dep + "100", dep + "000", "Commune " + dep, fmt.Sprintf("%.5f", 43+float64(i%500)/100), fmt.Sprintf("%.5f", 1+float64(i%300)/100),
			fmt.Sprintf("fs%d@exemple.fr", i), "05 61 00 00 00",
			hours[i%3], hours[(i+1)%3], hours[i%4], hours[(i+2)%3], hours[i%3], hours[3-i%2*3],
			comment, it, "Site principal", "", "Espace labellisé 01/01/2020", f})
	}
	return rows
}

func fsCSV(b *testing.B, n int) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(fsRows(n)); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// fsXLSX writes the rows as a workbook of inline strings.
func fsXLSX(b *testing.B, n int) []byte {
	var sheet bytes.Buffer
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, r := range fsRows(n) {
		fmt.Fprintf(&sheet, `<row r="%d">`, i+1)
		for j, v := range r {
			if v == "" {
				continue
			}
			fmt.Fprintf(&sheet, `<c r="%s%d" t="inlineStr"><is><t>`, columnName(j), i+1)
			if err := xmlEscape(&sheet, v); err != nil {
				b.Fatal(err)
			}
			sheet.WriteString(`</t></is></c>`)
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return zipOf(b, "xl/workbook.xml", workbookXML, "xl/_rels/workbook.xml.rels", relsXML, "xl/worksheets/sheet1.xml", sheet.String())
}

func xmlEscape(w io.Writer, s string) error {
	_, err := io.WriteString(w, xmlReplacer.Replace(s))
	return err
}

var xmlReplacer = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// BenchmarkConvert converts generated France Services lists: a harvest of
// 100 000 records must fit in 30 s with the rest of the pipeline.
func BenchmarkConvert(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		for _, format := range []string{"csv", "xlsx"} {
			b.Run(fmt.Sprintf("%s-%d", format, n), func(b *testing.B) {
				var data []byte
				if format == "csv" {
					data = fsCSV(b, n)
				} else {
					data = fsXLSX(b, n)
				}
				c, err := Builtin("france-services")
				if err != nil {
					b.Fatal(err)
				}
				c.FileDate = fsDate
				b.SetBytes(int64(len(data)))
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					res, err := ConvertWith(context.Background(), bytes.NewReader(data), "bench", c, io.Discard, Options{})
					if err != nil {
						b.Fatal(err)
					}
					if len(res.Lines) != n {
						b.Fatalf("%d records", len(res.Lines))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/ligne")
			})
		}
	}
}
