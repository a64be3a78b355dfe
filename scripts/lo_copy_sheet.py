#!/usr/bin/python3
"""Fills danvan's template in LibreOffice as a unit would, and copies `Tuyên truyền` in the
sheet tabs for more rows (LibreOffice names the copy `Tuyên truyền_2`), adding rows there.

Usage: lo_copy_sheet.py TEMPLATE.xlsx DEST.xlsx   (system python3 with python3-uno)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lo_save import store, with_document  # noqa: E402


def fill(doc):
    sheets = doc.Sheets
    for name in sheets.ElementNames:
        sheets.getByName(name).unprotect("")
    info = sheets.getByName("Thông tin đơn vị")
    info.getCellRangeByName("B2").String = "CD05"
    info.getCellRangeByName("B3").String = "CĐCS cơ quan UBND xã Phước Minh"
    info.getCellRangeByName("B8").Formula = "=DATE(2024;12;30)"
    info.getCellRangeByName("B9").Value = 100
    prop = sheets.getByName("Tuyên truyền")
    rows = [("=DATE(2024;12;18)", "TT01 - Các chủ đề lớn", "HT1", "DT1", 2, 80),
            ("=DATE(2024;12;19)", "TT03", "HT2", "DT4", 1, 45)]

    def put(sheet, r, row):
        date, topic, form, audience, sessions, attendance = row
        sheet.getCellByPosition(1, r).Formula = date
        sheet.getCellByPosition(2, r).String = topic
        sheet.getCellByPosition(3, r).String = form
        sheet.getCellByPosition(4, r).String = audience
        sheet.getCellByPosition(5, r).Value = sessions
        sheet.getCellByPosition(6, r).Value = attendance

    for i, row in enumerate(rows):
        put(prop, 1 + i, row)
    # The copy, next to the original, as "Move or Copy Sheet…" makes it.
    position = list(sheets.ElementNames).index("Tuyên truyền") + 1
    sheets.copyByName("Tuyên truyền", "Tuyên truyền_2", position)
    copy = sheets.getByName("Tuyên truyền_2")
    extra = [("=DATE(2024;12;20)", "TT04", "HT1", "DT2", 1, 60),
             ("=DATE(2024;12;21)", "TT05", "HT1", "DT2", 3, 90)]
    for i, row in enumerate(extra):
        put(copy, 1 + i, row)
    doc.calculateAll()
    store(doc, sys.argv[2], "Calc MS Excel 2007 XML")


if __name__ == "__main__":
    with_document(sys.argv[1], fill)
