//! Which unit sent a return: `_meta`, the typed code, the typed name against the roster.

use super::{Reader, UnitId};
use crate::contract::{self as c};
use crate::issue::{Code, Issue};
use crate::roster::NameMatch;

impl Reader<'_> {
    /// `_meta.unit_code`, then `Mã đơn vị`, then the name against the roster.
    pub(super) fn identify_unit(&mut self) {
        let roster = self.ctx.roster;
        let file = self.file();
        let info = self.sub.info.clone();
        let meta_code = self
            .sub
            .meta
            .get(c::META_UNIT_CODE)
            .cloned()
            .filter(|s| !s.is_empty());
        let by_meta = meta_code.as_deref().and_then(|code| roster.by_code(code));
        let by_code = (!info.code.is_empty())
            .then(|| roster.by_code(&info.code))
            .flatten();
        // With a code, the name is only checked for an exact conflict: the approximate
        // search over the whole roster is for returns that name no code.
        let by_name = if info.name.is_empty() {
            NameMatch::None
        } else if by_meta.is_some() || by_code.is_some() {
            roster
                .exact_name(&info.name)
                .map_or(NameMatch::None, NameMatch::Exact)
        } else {
            roster.match_name(&info.name)
        };
        let name_idx = match by_name {
            NameMatch::Exact(i) | NameMatch::Approximate(i, _) => Some(i),
            NameMatch::Tied(..) | NameMatch::None => None,
        };
        if let NameMatch::Tied(i, j) = by_name {
            if by_meta.is_none() && by_code.is_none() {
                let (a, b) = (&roster.units[i], &roster.units[j]);
                let i = Issue::new(
                    &file,
                    Code::UnitUnidentified,
                    format!(
                        "Không xác định được đơn vị: tên \"{}\" gần giống ngang nhau hai đơn vị trong danh sách, {} ({}) và {} ({}); số liệu của tệp không được tính.",
                        info.name, a.name, a.code, b.name, b.code
                    ),
                )
                .at_cell(self.name_at.clone())
                .found(info.name.clone())
                .hint("Ghi đúng \"Mã đơn vị\" ở trang Thông tin đơn vị rồi gửi lại.");
                self.issue(i);
                return;
            }
        }
        // A pre-filled file forwarded to a sibling unit: when the typed code and name agree
        // with each other and not with `_meta`, the unit that typed them sent it.
        let typed_agree = by_code.is_some() && by_code == name_idx;
        let chosen = if typed_agree && by_meta != by_code {
            by_code
        } else {
            by_meta.or(by_code).or(name_idx)
        };
        if let (Some(m), Some(ch)) = (by_meta, chosen) {
            if m != ch {
                let (meta_unit, unit) = (&roster.units[m], &roster.units[ch]);
                self.issue(
                    Issue::new(
                        &file,
                        Code::UnitConflict,
                        format!(
                            "Tệp mẫu được lập sẵn cho {} ({}), nhưng mã và tên ghi trong tệp là của {} ({}): tệp được tính cho {}.",
                            meta_unit.code, meta_unit.name, unit.code, unit.name, unit.code
                        ),
                    )
                    .at_cell(self.code_at.clone())
                    .found(format!("{} / {}", info.code, info.name))
                    .hint("Nếu đơn vị dùng lại tệp mẫu của đơn vị khác thì không sao; nếu không, hãy kiểm tra tệp này là của ai."),
                );
            }
        }
        if let Some(i) = chosen {
            let unit = &roster.units[i];
            let (code_at, name_at) = (self.code_at.clone(), self.name_at.clone());
            for (other, source, at) in [
                (by_code, "Mã đơn vị", code_at),
                (name_idx, "Tên công đoàn cơ sở", name_at.clone()),
            ] {
                if let Some(o) = other.filter(|o| *o != i) {
                    self.issue(
                        Issue::new(
                            &file,
                            Code::UnitConflict,
                            format!(
                                "\"{source}\" trong tệp chỉ đơn vị {} ({}), nhưng tệp được nhận là của {} ({}).",
                                roster.units[o].code, roster.units[o].name, unit.code, unit.name
                            ),
                        )
                        .at_cell(at.clone())
                        .hint("Kiểm tra đơn vị có dùng nhầm tệp mẫu của đơn vị khác không."),
                    );
                }
            }
            if chosen == name_idx && by_meta.is_none() && by_code.is_none() {
                if let NameMatch::Approximate(_, score) = by_name {
                    self.issue(
                        Issue::new(
                            &file,
                            Code::UnitNameApproximate,
                            format!("Tên \"{}\" chỉ gần giống \"{}\" ({}) trong danh sách (độ giống {:.0}%).", info.name, unit.name, unit.code, score * 100.0),
                        )
                        .at_cell(name_at.clone())
                        .found(info.name.clone())
                        .hint(format!("Ghi mã đơn vị {} vào ô \"Mã đơn vị\".", unit.code)),
                    );
                }
            }
            self.sub.unit = Some(UnitId::Roster(i));
            return;
        }
        let code = meta_code.unwrap_or(info.code.clone());
        if !code.is_empty() || !info.name.is_empty() {
            self.issue(
                Issue::new(
                    &file,
                    Code::UnitNotInRoster,
                    format!("Đơn vị \"{}\" (mã \"{}\") không có trong {}; được tính là đơn vị ngoài danh sách.", info.name, code, roster.label()),
                )
                .at_cell(self.code_at.clone().or(self.name_at.clone()))
                .found(format!("{code} {}", info.name).trim().to_string()),
            );
            let code = if code.is_empty() {
                format!("?{}", info.name)
            } else {
                code
            };
            self.sub.unit = Some(UnitId::Extra {
                code,
                name: info.name,
            });
            return;
        }
        self.issue(
            Issue::new(&file, Code::UnitUnidentified, "Không xác định được đơn vị: chưa ghi \"Mã đơn vị\" và \"Tên công đoàn cơ sở\"; số liệu của tệp không được tính.")
                .at(c::SHEET_INFO, None)
                .hint("Ghi mã và tên đơn vị ở trang \"Thông tin đơn vị\" rồi gửi lại."),
        );
    }
}
