//! Reading one field of a return: text (cleaned, legacy encodings converted), dates, category
//! cells, counts and money — each a value or the issue that says why not.

use chrono::NaiveDate;

use super::{FieldResult, LegacyCells, Reader};
use crate::issue::{Code, Issue};
use crate::parse::category::CategoryMatch;
use crate::parse::text::normalize_in;
use crate::parse::{date, number};
use crate::plan::CategoryKind;
use crate::read::{Grid, Pos, Raw};

impl Reader<'_> {
    pub(super) fn file(&self) -> String {
        self.sub.file.clone()
    }

    pub(super) fn issue(&mut self, i: Issue) {
        self.sub.issues.push(i);
    }

    pub(super) fn missing_sheet(&mut self, name: &str) {
        let i = Issue::new(
            &self.file(),
            Code::SheetMissing,
            format!("Không có trang \"{name}\" trong tệp; phần này không có số liệu."),
        );
        self.issue(i);
    }

    /// Text of a cell, cleaned and converted from legacy encodings (remembered for one warning per sheet).
    pub(super) fn text(&mut self, g: &Grid, pos: Pos) -> String {
        match g.get(pos) {
            Raw::Text(t) => {
                let (s, legacy) = normalize_in(t, self.file_legacy);
                if let Some(l) = legacy {
                    let e = self
                        .legacy
                        .entry(g.name.clone())
                        .or_insert_with(|| LegacyCells {
                            cell: pos.a1(),
                            before: t.clone(),
                            after: s.clone(),
                            encoding: l,
                            count: 0,
                        });
                    e.count += 1;
                }
                s
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                String::new()
            }
            v => v.display(),
        }
    }

    /// The text of an optional column in `row`; empty when the column is absent.
    pub(super) fn optional_text(&mut self, g: &Grid, row: u32, col: Option<u32>) -> String {
        col.map(|c| self.text(g, Pos::new(row, c)))
            .unwrap_or_default()
    }

    pub(super) fn formula_no_value(&mut self, g: &Grid, pos: Pos) {
        let f = g.get(pos).display();
        let i = Issue::new(
            &self.file(),
            Code::FormulaNoValue,
            "Ô chứa công thức nhưng tệp không lưu kết quả (tệp chưa được tính lại); ô được coi như để trống.",
        )
        .at(&g.name, Some(pos.a1()))
        .found(f)
        .hint("Mở tệp bằng Excel, nhấn F9 rồi lưu lại, hoặc gõ thẳng con số thay cho công thức.");
        self.issue(i);
    }

    pub(super) fn flush_legacy(&mut self) {
        let mut entries: Vec<_> = self.legacy.drain().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (
            sheet,
            LegacyCells {
                cell,
                before,
                after,
                encoding: l,
                count: n,
            },
        ) in entries
        {
            let i = Issue::new(
                &self.sub.file,
                Code::TextLegacyEncoding,
                format!("{n} ô chữ gõ bằng bảng mã cũ {} đã được chuyển sang Unicode, ví dụ \"{before}\" → \"{after}\".", l.name()),
            )
            .at(&sheet, Some(cell))
            .found(before)
            .hint("Lần sau hãy gõ bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode) và phông chữ Times New Roman.");
            self.sub.issues.push(i);
        }
    }

    pub(super) fn date_value(&mut self, g: &Grid, pos: Pos, what: &str) -> FieldResult<NaiveDate> {
        let file = self.file();
        let bad = |found: String| {
            Issue::new(&file, Code::DateInvalid, format!("{what} \"{found}\" không đọc được là ngày; cần dạng ngày/tháng/năm (dd/mm/yyyy)."))
                .at(&g.name, Some(pos.a1()))
                .found(found)
                .hint("Gõ ngày như 17/12/2024.")
        };
        match g.get(pos) {
            Raw::Date(d) => Ok(*d),
            Raw::Number(n) => date::from_number(*n).ok_or_else(|| bad(Raw::Number(*n).display())),
            Raw::Text(t) => {
                let t = normalize_in(t, self.file_legacy).0;
                date::parse_text(&t, self.ctx.plan.near()).map_err(|e| {
                    let mut i = bad(t.clone());
                    if e == date::DateError::Impossible {
                        i.message = format!("{what} \"{t}\" không phải ngày có thật (ngày hoặc tháng không hợp lệ); cần dạng dd/mm/yyyy.");
                    }
                    i
                })
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                Err(Issue::new(
                    &file,
                    Code::DateMissing,
                    format!("{what} trống (công thức chưa có kết quả)."),
                )
                .at(&g.name, Some(pos.a1())))
            }
            v => Err(bad(v.display())),
        }
    }

    pub(super) fn row_date(&mut self, g: &Grid, pos: Pos) -> FieldResult<NaiveDate> {
        if g.get(pos).is_empty() {
            return Err(Issue::new(
                &self.file(),
                Code::DateMissing,
                "Chưa ghi ngày thực hiện; dòng này không được tính.",
            )
            .at(&g.name, Some(pos.a1()))
            .hint(format!(
                "Ghi ngày trong đợt, từ {} đến {}.",
                date::fmt_vn(self.ctx.plan.window_start),
                date::fmt_vn(self.ctx.plan.window_end)
            )));
        }
        let d = self.date_value(g, pos, "Ngày thực hiện")?;
        let plan = self.ctx.plan;
        if d < plan.window_start || d > plan.window_end {
            let mut i = Issue::new(
                &self.file(),
                Code::DateOutsideWindow,
                format!(
                    "Ngày thực hiện {} nằm ngoài thời gian đợt ({} – {}); dòng này không được tính.",
                    date::fmt_vn(d),
                    date::fmt_vn(plan.window_start),
                    date::fmt_vn(plan.window_end)
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display());
            if let Some(s) =
                date::swapped(d).filter(|s| *s >= plan.window_start && *s <= plan.window_end)
            {
                i = i.hint(format!(
                    "Có thể đã gõ đảo ngày và tháng: {} mới nằm trong đợt.",
                    date::fmt_vn(s)
                ));
            }
            return Err(i);
        }
        Ok(d)
    }

    pub(super) fn category(&mut self, g: &Grid, pos: Pos, kind: CategoryKind) -> FieldResult<u16> {
        let matchers = self.ctx.matchers;
        let (m, what) = match kind {
            CategoryKind::Topic => (&matchers.topics, "Nội dung tuyên truyền"),
            CategoryKind::Audience => (&matchers.audiences, "Đối tượng"),
            CategoryKind::Form => (&matchers.forms, "Hình thức"),
            CategoryKind::Activity => (&matchers.activities, "Loại hoạt động"),
        };
        let text = self.text(g, pos);
        let file = self.file();
        if text.is_empty() {
            return Err(Issue::new(
                &file,
                Code::CategoryUnknown,
                format!("Chưa chọn \"{what}\"; dòng này không được tính."),
            )
            .at(&g.name, Some(pos.a1()))
            .hint("Chọn một mục trong danh sách thả xuống của ô."));
        }
        match m.matches(&text) {
            CategoryMatch::Exact(i) => Ok(i as u16),
            CategoryMatch::Normalized(i) => {
                let issue = Issue::new(
                    &file,
                    Code::CategoryNormalized,
                    format!("\"{text}\" được hiểu là {}.", m.choice(i)),
                )
                .at(&g.name, Some(pos.a1()))
                .found(text.clone());
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Approximate(i) => {
                let issue = Issue::new(
                    &file,
                    Code::CategoryApproximate,
                    format!("{what} \"{text}\" không đúng tên trong danh mục; được hiểu gần đúng là \"{}\" và vẫn được tính.", m.choice(i)),
                )
                .at(&g.name, Some(pos.a1()))
                .found(text.clone())
                .hint(format!("Nếu đúng là \"{}\", lần sau hãy chọn trong danh sách thả xuống; nếu không, hãy sửa và gửi lại.", m.choice(i)));
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Conflict { by_code, by_label } => Err(Issue::new(
                &file,
                Code::CategoryUnknown,
                format!(
                    "{what} \"{text}\" ghi mã {} nhưng nội dung lại là \"{}\" ({}); không rõ là mục nào nên dòng này không được tính.",
                    m.code(by_code),
                    m.choice(by_label),
                    m.code(by_label)
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .found(text.clone())
            .hint("Chọn lại đúng một mục trong danh sách thả xuống của ô.")),
            CategoryMatch::Unknown { nearest } => {
                let mut i = Issue::new(&file, Code::CategoryUnknown, format!("{what} \"{text}\" không có trong danh mục của kế hoạch; dòng này không được tính."))
                    .at(&g.name, Some(pos.a1()))
                    .found(text.clone());
                i = match nearest {
                    Some(n) => i.hint(format!(
                        "Có phải là \"{}\"? Hãy chọn trong danh sách thả xuống.",
                        m.choice(n)
                    )),
                    None => i.hint("Chọn một mục trong danh sách thả xuống của ô."),
                };
                Err(i)
            }
        }
    }

    /// A whole number ≥ 0. `Ok(None)` when empty and not `required`.
    pub(super) fn count(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
    ) -> FieldResult<Option<i64>> {
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, required, number::Kind::Count)? else {
            return Ok(None);
        };
        let file = self.file();
        if v.fract() != 0.0 {
            return Err(Issue::new(
                &file,
                Code::CountNotWhole,
                format!("{what} phải là số nguyên nhưng ô ghi {v}."),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display())
            .hint("Ghi số nguyên, ví dụ 3."));
        }
        if v.abs() > 1e12 {
            return Err(Issue::new(
                &file,
                Code::NumberInvalid,
                format!("{what} quá lớn để là số liệu thật."),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display()));
        }
        Ok(Some(v as i64))
    }

    /// Money in đồng, rounded to a whole đồng.
    pub(super) fn money(&mut self, g: &Grid, pos: Pos) -> FieldResult<Option<i64>> {
        let what = "Giá trị (đồng)";
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, false, number::Kind::Money)? else {
            return Ok(None);
        };
        // A real number cell with đồng lẻ: 1,5 typed for "1,5 triệu" is not 2 đồng.
        if v.fract() != 0.0 && v.abs() < 1000.0 {
            return Err(self.number_ambiguous(
                g,
                pos,
                what,
                "số tiền có phần lẻ dưới một đồng (có thể thiếu chữ \"triệu\" hoặc \"nghìn\")",
            ));
        }
        if v.abs() > 1e15 {
            return Err(Issue::new(
                &self.file(),
                Code::NumberInvalid,
                "Giá trị (đồng) quá lớn để là số liệu thật.",
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display()));
        }
        Ok(Some(v.round() as i64))
    }

    /// A count or amount merged over several rows belongs to its top-left cell only:
    /// the covered row counts 0 there, and the unit is told.
    pub(super) fn merged_number(&mut self, g: &Grid, pos: Pos, origin: Pos, what: &str) {
        let value = g.get(origin).display();
        let i = Issue::new(
            &self.file(),
            Code::NumberMerged,
            format!(
                "Ô {what} của dòng {} được gộp với ô {} ở trên: con số \"{value}\" chỉ được tính một lần, cho dòng {}; dòng {} tính 0.",
                pos.row + 1,
                origin.a1(),
                origin.row + 1,
                pos.row + 1
            ),
        )
        .at(&g.name, Some(pos.a1()))
        .found(value)
        .hint("Không gộp ô số liệu: ghi số riêng cho từng dòng (có thể ghi 0).");
        self.issue(i);
    }

    /// `number-invalid` for a cell that reads as a number in more than one way.
    pub(super) fn number_ambiguous(&self, g: &Grid, pos: Pos, what: &str, why: &str) -> Issue {
        let found = g.get(pos).display();
        Issue::new(
            &self.sub.file,
            Code::NumberInvalid,
            format!(
                "{what} \"{}\" không rõ là bao nhiêu: {why}; dòng này không được tính.",
                found.trim()
            ),
        )
        .at(&g.name, Some(pos.a1()))
        .found(found)
        .hint(
            "Ghi đủ con số, ví dụ 1.500.000, hoặc ghi rõ như \"1,5 triệu\", \"1 triệu 500 nghìn\".",
        )
    }

    pub(super) fn number(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
        kind: number::Kind,
    ) -> FieldResult<Option<f64>> {
        let file = self.file();
        let raw = g.get(pos).clone();
        let v = match &raw {
            Raw::Empty => None,
            Raw::Number(n) => Some(*n),
            Raw::Text(t) if t.trim().is_empty() => None,
            Raw::Text(t) => match number::parse(&normalize_in(t, self.file_legacy).0, kind) {
                Ok(n) => Some(n),
                Err(number::NumberError::Ambiguous(why)) => {
                    return Err(self.number_ambiguous(g, pos, what, why))
                }
                Err(number::NumberError::NotANumber) => {
                    let example = match kind {
                        number::Kind::Count => {
                            "Chỉ ghi con số, ví dụ 25 (có thể kèm chữ như \"25 người\")."
                        }
                        number::Kind::Money => "Chỉ ghi số tiền, ví dụ 1.500.000 hoặc 1,5 triệu.",
                    };
                    return Err(Issue::new(
                        &file,
                        Code::NumberInvalid,
                        format!(
                            "{what} \"{}\" không phải là số; dòng này không được tính.",
                            t.trim()
                        ),
                    )
                    .at(&g.name, Some(pos.a1()))
                    .found(t.clone())
                    .hint(example));
                }
            },
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                None
            }
            other => {
                return Err(Issue::new(
                    &file,
                    Code::NumberInvalid,
                    format!("{what} phải là số nhưng ô chứa \"{}\".", other.display()),
                )
                .at(&g.name, Some(pos.a1()))
                .found(other.display()))
            }
        };
        match v {
            None if required => Err(Issue::new(
                &file,
                Code::NumberInvalid,
                format!(
                    "Chưa ghi {}; dòng này không được tính.",
                    what.to_lowercase()
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .hint("Ghi con số, 0 nếu không có.")),
            None => Ok(None),
            Some(n) if n < 0.0 => Err(Issue::new(
                &file,
                Code::NumberNegative,
                format!("{what} không được âm (ô ghi {}).", raw.display()),
            )
            .at(&g.name, Some(pos.a1()))
            .found(raw.display())),
            Some(n) => Ok(Some(n)),
        }
    }
}

/// An issue about a value on a label/value sheet says what it did to the totals, not to
/// "this row" (a table row's message ends with that).
pub(super) fn label_sheet_consequence(mut i: Issue, consequence: &str) -> Issue {
    const ROW: &str = "; dòng này không được tính.";
    if let Some(stem) = i.message.strip_suffix(ROW) {
        i.message = format!("{stem}. {consequence}");
    } else {
        i.message = format!("{} {consequence}", i.message);
    }
    i
}
