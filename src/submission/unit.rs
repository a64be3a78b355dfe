//! Which unit sent a return: `_meta`, the typed code, the typed name against the roster.

use super::{Reader, UnitId};
use crate::contract::{self as c};
use crate::messages;
use crate::roster::NameMatch;

impl Reader<'_> {
    /// `_meta.unit_code`, then `Mã đơn vị`, then the name against the roster.
    pub(super) fn identify_unit(&mut self) {
        let roster = self.ctx.roster;
        let file = self.file();
        let info = self.sub.info.clone();
        let meta_code = self
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
                let i =
                    messages::unit_name_tied(&file, &info.name, a, b).at_cell(self.name_at.clone());
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
                    messages::unit_forwarded(&file, meta_unit, unit, &info.code, &info.name)
                        .at_cell(self.code_at.clone()),
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
                        messages::unit_conflict(&file, source, &roster.units[o], unit)
                            .at_cell(at.clone()),
                    );
                }
            }
            if chosen == name_idx && by_meta.is_none() && by_code.is_none() {
                if let NameMatch::Approximate(_, score) = by_name {
                    self.issue(
                        messages::unit_name_approximate(&file, &info.name, unit, score)
                            .at_cell(name_at.clone()),
                    );
                }
            }
            self.sub.unit = Some(UnitId::Roster(i));
            return;
        }
        let code = meta_code.unwrap_or(info.code.clone());
        if !code.is_empty() || !info.name.is_empty() {
            self.issue(
                messages::unit_not_in_roster(&file, &info.name, &code, &roster.label())
                    .at_cell(self.code_at.clone().or(self.name_at.clone())),
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
        self.issue(messages::unit_unidentified(&file).at(c::SHEET_INFO, None));
    }
}
