#!/usr/bin/env python3
"""Writes the lead files of bench/lead-import: N rows as CSV and as .xlsx (shared strings, as Excel writes them).

  python3 bench/lead-files.py ROWS OUT_DIR      -> OUT_DIR/leads-ROWS.csv, OUT_DIR/leads-ROWS.xlsx
Every row is valid and unique (no duplicates): the figures are those of creating leads. Standard library only.
"""
import csv
import random
import sys
import zipfile
from xml.sax.saxutils import escape

HEADER = ["Topic", "First Name", "Last Name", "Company Name", "Email", "City", "Country", "Rating", "Lead Source",
          "Estimated Value", "Currency", "Estimated Close Date"]


def rows(n, seed):
    rnd = random.Random(seed)
    for i in range(n):
        yield ["Coffee machine %d-%d" % (seed, i), "First%d" % i, "Last%d-%d" % (seed, i), "Company %d" % (i % 5000),
               "lead%d.%d@example.com" % (seed, i), "City%d" % (i % 300), "US", rnd.choice(["HOT", "WARM", "COLD"]),
               "TRADE_SHOW", rnd.randint(500, 50000), "USD", "2027-%02d-%02d" % (rnd.randint(1, 12), rnd.randint(1, 28))]


def write_csv(path, n, seed):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(rows(n, seed))


def column(i):
    return chr(ord("A") + i)


def write_xlsx(path, n, seed):
    strings, index = [], {}

    def sid(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for r, values in enumerate([HEADER] + list(rows(n, seed)), start=1):
                cells = []
                for c, value in enumerate(values):
                    ref = "%s%d" % (column(c), r)
                    if isinstance(value, int):
                        cells.append('<c r="%s"><v>%d</v></c>' % (ref, value))
                    else:
                        cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sid(value)))
                sheet.write(('<row r="%d">%s</row>' % (r, "".join(cells))).encode("utf-8"))
            sheet.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w") as shared:
            shared.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
                          % (len(strings), len(strings))).encode("utf-8"))
            for text in strings:
                shared.write(("<si><t>%s</t></si>" % escape(text)).encode("utf-8"))
            shared.write(b"</sst>")


if __name__ == "__main__":
    count, out = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 30)
    write_csv("%s/leads-%d.csv" % (out, count), count, seed)
    write_xlsx("%s/leads-%d.xlsx" % (out, count), count, seed + 1)
    print("seed %d" % seed)
