#!/usr/bin/python3
"""Writes the returns of tests/units_round3.rs the way units' own tools make them.

openpyxl (as an office script or another program would):
  chu-ky-openpyxl.xlsx     notes, section headings, blank rows, a total line and a signature
                           block around the tables, one real row among the notes
  sao-chep-openpyxl.xlsx   `Tuyên truyền` copied with openpyxl's copy_worksheet
                           ("Tuyên truyền Copy") for more rows
  an-dong-openpyxl.xlsx    a row hidden by hand; a filter left on that hides a row
  nghin-dong-openpyxl.xlsx the value column in thousands of đồng ("Giá trị (nghìn đồng)")
LibreOffice (UNO, as a unit working in LibreOffice would):
  an-dong-libreoffice.ods / .xls  the hidden-rows workbook saved as .ods and Excel 97
  sao-chep-libreoffice.xlsx       danvan's own template filled in, `Tuyên truyền` copied
                                  in the sheet tabs ("Tuyên truyền_2"), rows added there

Usage: python3 scripts/round3_fixtures.py   (needs `pip install openpyxl` and LibreOffice)
"""
import datetime
import os
import subprocess
import sys

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "round3")

PROP = ["STT", "Ngày thực hiện", "Nội dung tuyên truyền", "Hình thức", "Đối tượng", "Số buổi",
        "Số lượt người tham dự", "Số báo cáo viên, tuyên truyền viên", "Địa điểm", "Ghi chú"]
ACT = ["STT", "Ngày thực hiện", "Loại hoạt động", "Nội dung cụ thể", "Số lượng",
       "Số người tham gia", "Giá trị (đồng)", "Đơn vị phối hợp", "Địa điểm", "Ghi chú"]
D = datetime.datetime


def base(code="CD05", name="CĐCS cơ quan UBND xã Phước Minh"):
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Thông tin đơn vị"
    for row in [("Mã đơn vị", code), ("Tên công đoàn cơ sở", name), ("Xã, thị trấn", "Xã Phước Minh"),
                ("Người báo cáo", "Dương Thị Oanh"), ("Chức vụ", "Chủ tịch"),
                ("Số điện thoại", "0942303440"), ("Ngày báo cáo", D(2024, 12, 30)),
                ("Tổng số đoàn viên", 100)]:
        info.append(row)
    prop = wb.create_sheet("Tuyên truyền")
    prop.append(PROP)
    act = wb.create_sheet("Hoạt động")
    act.append(ACT)
    sit = wb.create_sheet("Tình hình")
    sit.append(("Số vụ đình công, lãn công, ngừng việc", 0))
    sit.append(("Tình hình tư tưởng đoàn viên, người lao động", "Ổn định"))
    return wb, prop, act


def p(n, day, topic, audience, sessions, attendance):
    return [n, D(2024, 12, day), topic, "HT1", audience, sessions, attendance, 1, "Hội trường", None]


def a(n, day, kind, what, qty, people, value):
    return [n, D(2024, 12, day), kind, what, qty, people, value, None, None, None]


def signature(ws, first_row):
    ws.cell(first_row, 2, "Ghi chú: số liệu tính đến ngày 30/12/2024")
    ws.cell(first_row + 2, 7, "Phước Minh, ngày 30 tháng 12 năm 2024")
    ws.cell(first_row + 3, 2, "Người lập biểu")
    ws.cell(first_row + 3, 7, "TM. BAN CHẤP HÀNH")
    ws.cell(first_row + 4, 7, "CHỦ TỊCH")
    ws.cell(first_row + 8, 2, "Lê Thị Hoa")
    ws.cell(first_row + 8, 7, "Nguyễn Văn An")


def chu_ky():
    wb, prop, act = base()
    prop.cell(2, 2, "I. Tuyên truyền pháp luật")
    for c, v in enumerate(p(1, 18, "TT01", "DT1", 2, 80), 1):
        prop.cell(3, c, v)
    prop.cell(5, 2, "Đợt 2")
    for c, v in enumerate(p(2, 20, "TT03", "DT4", 1, 45), 1):
        prop.cell(6, c, v)
    prop.cell(7, 3, "Tổng cộng")
    prop.cell(7, 6, 3)
    prop.cell(7, 7, 125)
    signature(prop, 9)
    # A real row typed among the notes, after "Ghi chú": it is still read.
    for c, v in enumerate(p(3, 22, "TT02", "DT2", 1, 30), 1):
        prop.cell(10, c, v)
    for r, row in enumerate([a(1, 21, "HD02", "Thăm hỏi thương binh", 3, 5, 1_500_000)], 2):
        for c, v in enumerate(row, 1):
            act.cell(r, c, v)
    signature(act, 4)
    wb.save(os.path.join(OUT, "chu-ky-openpyxl.xlsx"))


def sao_chep():
    wb, prop, act = base()
    prop.append(p(1, 18, "TT01", "DT1", 2, 80))
    prop.append(p(2, 19, "TT03", "DT4", 1, 45))
    copy = wb.copy_worksheet(prop)
    # The copy keeps the header; its rows are the next sessions.
    copy.delete_rows(2, 2)
    copy.append(p(3, 20, "TT04", "DT2", 1, 60))
    copy.append(p(4, 21, "TT05", "DT2", 3, 90))
    act.append(a(1, 21, "HD02", "Thăm hỏi thương binh", 3, 5, 1_500_000))
    wb.save(os.path.join(OUT, "sao-chep-openpyxl.xlsx"))


def an_dong():
    wb, prop, act = base()
    prop.append(p(1, 18, "TT01", "DT1", 2, 80))
    prop.append(p(2, 19, "TT03", "DT4", 1, 45))
    prop.append(p(3, 20, "TT04", "DT2", 1, 60))
    prop.row_dimensions[3].hidden = True
    act.append(a(1, 21, "HD02", "Thăm hỏi thương binh", 3, 5, 1_500_000))
    act.append(a(2, 22, "HD09", "Ủng hộ Quỹ Vì người nghèo", 40, 40, 4_000_000))
    act.auto_filter.ref = "A1:J3"
    act.auto_filter.add_filter_column(2, ["HD02"])
    act.row_dimensions[3].hidden = True
    wb.save(os.path.join(OUT, "an-dong-openpyxl.xlsx"))


def nghin_dong():
    wb, prop, act = base()
    prop.append(p(1, 18, "TT01", "DT1", 2, 80))
    act.cell(1, 7, "Giá trị (nghìn đồng)")
    act.append(a(1, 21, "HD02", "Thăm hỏi thương binh", 3, 5, 1_500))
    act.append(a(2, 22, "HD09", "Ủng hộ Quỹ Vì người nghèo", 40, 40, "2,5 triệu"))
    act.append(a(3, 23, "HD01", "Bàn giao nhà Mái ấm Công đoàn", 1, 50, 60_000))
    act.append([None, None, "Cộng", None, 44, 95, 64_000])
    wb.save(os.path.join(OUT, "nghin-dong-openpyxl.xlsx"))


def libreoffice():
    lo_save = os.path.join(HERE, "lo_save.py")
    src = os.path.join(OUT, "an-dong-openpyxl.xlsx")
    for name, filt in [("an-dong-libreoffice.ods", "calc8"), ("an-dong-libreoffice.xls", "MS Excel 97")]:
        subprocess.run(["/usr/bin/python3", lo_save, src, os.path.join(OUT, name), filt], check=True)
    template = os.path.join(HERE, "..", "input_templates", "mau-bao-cao-dan-van-dot-II-2024.xlsx")
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "lo_copy_sheet.py"), template,
                    os.path.join(OUT, "sao-chep-libreoffice.xlsx")], check=True)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    chu_ky()
    sao_chep()
    an_dong()
    nghin_dong()
    if "--no-libreoffice" not in sys.argv:
        libreoffice()
    print("Đã ghi các tệp vào", os.path.normpath(OUT))
