//! Which unit sent a return: `_meta`, the typed code, the typed name against the roster.
//!
//! A return is never credited to a unit that one of its own marks contradicts: when the
//! code and the name typed (or the pre-filled `_meta` and what was typed) point to different
//! units, or a name fits two units alike, the return is `unit-unidentified` with the
//! candidates named, and its rows are not counted until someone says whose it is.

use serde::{Deserialize, Serialize};

use super::{Submission, UnitId};
use crate::contract::{self as c};
use crate::issue::Issue;
use crate::messages;
use crate::parse::names;
use crate::read::Pos;
use crate::roster::{NameMatch, Roster};

/// What a return says about its unit besides `Thông tin đơn vị`'s values, kept from reading
/// for [`identify`]: workers read files without the roster, and the parent weighs these
/// against it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitClues {
    /// `_meta.unit_code` of a pre-filled template.
    pub meta_code: Option<String>,
    /// Where `Mã đơn vị` and `Tên công đoàn cơ sở` are answered (sheet, cell).
    pub code_at: Option<(String, Pos)>,
    pub name_at: Option<(String, Pos)>,
    /// Where the identification's issues go among the file's own: after the sheets' and
    /// before the legacy-text warnings, as when a file is read in one go.
    pub issues_at: usize,
}

/// Which unit sent `sub`, from the clues its reading kept (nothing to do for a return
/// without them: unreadable, or identified already). Rows of a return whose unit is
/// unknown, or of another period, are then dropped: `unit-unidentified` or
/// `other-period` says why, for `check` and `consolidate` alike.
pub fn identify(sub: &mut Submission, roster: &Roster) {
    let Some(clues) = sub.clues.take().map(|c| *c) else {
        return;
    };
    let at = clues.issues_at.min(sub.issues.len());
    let mut id = Identify {
        sub,
        roster,
        clues,
        found: Vec::new(),
    };
    id.identify_unit();
    let found = std::mem::take(&mut id.found);
    sub.issues.splice(at..at, found);
    if sub.unit.is_none() || sub.other_period() {
        sub.propaganda.clear();
        sub.activities.clear();
    }
    // Submissions are kept until the summary is written: no spare capacity (a worker's
    // answer, parsed here, grows its lists by doubling).
    sub.propaganda.shrink_to_fit();
    sub.activities.shrink_to_fit();
    sub.issues.shrink_to_fit();
    sub.propaganda_seen.shrink_to_fit();
    sub.activities_seen.shrink_to_fit();
}

/// One identification under way: the return, the roster, the clues and the issues found.
struct Identify<'a> {
    sub: &'a mut Submission,
    roster: &'a Roster,
    clues: UnitClues,
    found: Vec<Issue>,
}

/// What one mark of the file says about its unit.
#[derive(Clone, Copy, PartialEq)]
enum Points {
    Nowhere,
    To(usize),
    /// A name that fits two roster units alike.
    Either(usize, usize),
}

/// An identification that failed and has said why in an issue.
struct Reported;

impl Points {
    fn unit(self) -> Option<usize> {
        match self {
            Points::To(i) => Some(i),
            _ => None,
        }
    }
}

impl Identify<'_> {
    fn file(&self) -> String {
        self.sub.file.clone()
    }

    fn issue(&mut self, i: Issue) {
        self.found.push(i);
    }

    /// `_meta.unit_code`, `Mã đơn vị` and `Tên công đoàn cơ sở`, weighed together.
    fn identify_unit(&mut self) {
        let roster = self.roster;
        let file = self.file();
        let info = self.sub.info.clone();
        let meta_code = self.clues.meta_code.clone().filter(|s| !s.is_empty());
        let by_meta = meta_code.as_deref().and_then(|code| roster.by_code(code));
        let by_code = (!info.code.is_empty())
            .then(|| roster.by_code(&info.code))
            .flatten();
        let by_name = if info.name.is_empty() {
            NameMatch::None
        } else {
            roster.match_name(&info.name)
        };
        let name = match by_name {
            NameMatch::Exact(i) | NameMatch::Approximate(i, _) => Points::To(i),
            NameMatch::Tied(i, j) => Points::Either(i, j),
            NameMatch::None => Points::Nowhere,
        };
        // A name the roster tells apart by a place (`MN Hoa Sen (xã Phan)`): the place
        // typed with it, the `Xã, thị trấn` cell or the file name decides.
        let name = match name {
            Points::Nowhere | Points::Either(..) if !info.name.is_empty() => {
                self.by_place(&info).unwrap_or(name)
            }
            other => other,
        };
        let (code_at, name_at) = (self.clues.code_at.clone(), self.clues.name_at.clone());
        let Ok(typed) = self.typed_unit(by_code, name, by_meta) else {
            return;
        };
        let chosen = match (by_meta, typed) {
            (Some(m), Some(t)) if m != t => {
                // A pre-filled file passed on to a sibling unit: when the code and the name
                // typed both name the same other unit, that unit sent it.
                if by_code == Some(t) && name.unit() == Some(t) {
                    let (meta_unit, unit) = (&roster.units[m], &roster.units[t]);
                    self.issue(
                        messages::unit_forwarded(&file, meta_unit, unit, &info.code, &info.name)
                            .at_cell(code_at.clone()),
                    );
                    t
                } else {
                    let source = if by_code == Some(t) {
                        "Mã đơn vị"
                    } else {
                        "Tên công đoàn cơ sở"
                    };
                    let at = if by_code == Some(t) {
                        &code_at
                    } else {
                        &name_at
                    };
                    self.disagree(roster, ("tệp mẫu lập sẵn (_meta)", m), (source, t), at);
                    return;
                }
            }
            (Some(m), _) => m,
            (None, Some(t)) => t,
            (None, None) => {
                self.outside_roster(meta_code.unwrap_or(info.code.clone()), info.name);
                return;
            }
        };
        if by_meta.is_none() && by_code.is_none() {
            if let NameMatch::Approximate(_, score) = by_name {
                let unit = &roster.units[chosen];
                self.issue(
                    messages::unit_name_approximate(&file, &info.name, unit, score)
                        .at_cell(name_at),
                );
            }
        }
        self.sub.unit = Some(UnitId::Roster(chosen));
    }

    /// The unit a name points to among those the roster tells apart only by a place: the
    /// one whose place the name's own place, the `Xã, thị trấn` cell or the file name names;
    /// `Either` of the first two when none or several do.
    fn by_place(&self, info: &super::UnitInfo) -> Option<Points> {
        let (typed, own_place) = match names::split_place(&info.name) {
            Some((base, place)) => (base, Some(place)),
            None => (info.name.clone(), None),
        };
        let candidates = self.roster.by_base(&typed);
        // A place typed with the name decides alone (`… xã Phước Linh` is no unit of `Xã
        // Chà Là`, whatever else the file says); without one, the commune cell or the
        // file name may.
        let named = |place: &str| match own_place.as_deref() {
            Some(own) => own == place,
            None => {
                names::names_place(&info.commune, place)
                    || names::names_place(&self.sub.file, place)
            }
        };
        let decided: Vec<usize> = candidates
            .iter()
            .filter(|(_, place)| named(place))
            .map(|(i, _)| *i)
            .collect();
        match (candidates.as_slice(), decided.as_slice()) {
            ([], _) => None,
            (_, [i]) => Some(Points::To(*i)),
            // One unit of that name, and no place typed or `Xã, thị trấn` naming another.
            ([(i, _)], _) if own_place.is_none() && info.commune.trim().is_empty() => {
                Some(Points::To(*i))
            }
            ([_], _) => None,
            // A place typed that is none of theirs: the name matched nothing of the roster.
            (_, []) if own_place.is_some() => None,
            ([(i, _), (j, _), ..], _) => Some(Points::Either(*i, *j)),
        }
    }

    /// The unit that the code and the name typed point to (`None`: neither points into the
    /// roster). They must not point to different units, nor a tied name to neither of the
    /// units of `_meta`: that is reported here, and `Err` says so.
    fn typed_unit(
        &mut self,
        by_code: Option<usize>,
        name: Points,
        by_meta: Option<usize>,
    ) -> Result<Option<usize>, Reported> {
        let roster = self.roster;
        let file = self.file();
        let info_name = self.sub.info.name.clone();
        let (code_at, name_at) = (self.clues.code_at.clone(), self.clues.name_at.clone());
        Ok(match (by_code, name) {
            (Some(c), Points::To(n)) if c != n => {
                self.disagree(
                    roster,
                    ("Mã đơn vị", c),
                    ("Tên công đoàn cơ sở", n),
                    &code_at,
                );
                return Err(Reported);
            }
            (Some(c), Points::Either(i, j)) if c != i && c != j => {
                self.disagree(
                    roster,
                    ("Mã đơn vị", c),
                    ("Tên công đoàn cơ sở", i),
                    &code_at,
                );
                return Err(Reported);
            }
            (Some(c), _) => Some(c),
            (None, Points::To(n)) => Some(n),
            (None, Points::Either(i, j)) if by_meta.is_some_and(|m| m != i && m != j) => {
                let m = by_meta.unwrap_or(i);
                let meta = ("tệp mẫu lập sẵn (_meta)", m);
                self.disagree(roster, meta, ("Tên công đoàn cơ sở", i), &name_at);
                return Err(Reported);
            }
            (None, Points::Either(i, j)) if by_meta.is_none() => {
                let (a, b) = (&roster.units[i], &roster.units[j]);
                let issue = messages::unit_name_tied(&file, &info_name, a, b).at_cell(name_at);
                self.issue(issue);
                return Err(Reported);
            }
            (None, _) => None,
        })
    }

    /// Two marks of the file name two units: `unit-unidentified`, both named.
    fn disagree(
        &mut self,
        roster: &Roster,
        (source_a, a): (&str, usize),
        (source_b, b): (&str, usize),
        at: &Option<(String, Pos)>,
    ) {
        let file = self.file();
        let issue = messages::unit_marks_disagree(
            &file,
            (source_a, &roster.units[a]),
            (source_b, &roster.units[b]),
        )
        .at_cell(at.clone());
        self.issue(issue);
    }

    /// A code or name that leads to no roster unit: an extra unit; nothing at all: unknown.
    fn outside_roster(&mut self, code: String, name: String) {
        let file = self.file();
        if code.is_empty() && name.is_empty() {
            self.issue(messages::unit_unidentified(&file).at(c::SHEET_INFO, None));
            return;
        }
        let roster = self.roster.label();
        let at = self.clues.code_at.clone().or(self.clues.name_at.clone());
        self.issue(messages::unit_not_in_roster(&file, &name, &code, &roster).at_cell(at));
        let code = if code.is_empty() {
            format!("?{name}")
        } else {
            code
        };
        self.sub.unit = Some(UnitId::Extra { code, name });
    }
}
