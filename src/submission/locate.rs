//! Which sheet is which: found by name, or — renamed, deleted, reordered — by the headers
//! that fit each table best; an earlier danvan summary or an unrelated workbook is refused.

use std::collections::{HashMap, HashSet};

use super::Reader;
use crate::contract as c;
use crate::issue::Code;
use crate::messages;
use crate::parse::text::fold;
use crate::read::table::{find_header, Headers};
use crate::read::{Grid, Workbook};

/// The sheets of a return, as found.
pub(super) struct Sheets {
    pub meta: Option<Grid>,
    pub info: Option<Grid>,
    pub propaganda: Option<Grid>,
    pub activities: Option<Grid>,
    pub situation: Option<Grid>,
    /// Sheets with a table's header besides its own (copied to get more rows).
    pub propaganda_copies: Vec<Grid>,
    pub activities_copies: Vec<Grid>,
}

/// More copies of one table than any unit makes by hand: the rest are named, not read.
const MAX_COPIES: usize = 50;

impl Sheets {
    /// The sheets found, in a fixed order (decisions over them never depend on chance).
    pub fn in_order(&self) -> impl Iterator<Item = &Grid> {
        [
            &self.meta,
            &self.info,
            &self.propaganda,
            &self.activities,
            &self.situation,
        ]
        .into_iter()
        .flatten()
    }
}

/// Locates the sheets; `None` (with the issue recorded) when the file is not a readable return.
pub(super) fn sheets(wb: &mut Workbook, r: &mut Reader<'_>) -> Option<Sheets> {
    let display = r.sub.file.clone();
    let display = display.as_str();
    // Locate sheets by folded name; fall back to looking for the headers themselves.
    let sheets = wb.sheets.clone();
    // A summary written by danvan (an earlier run, copied among the returns).
    let has = |name: &str| sheets.iter().any(|s| s.name == name);
    if has(c::SHEET_SUMMARY) && has(c::SHEET_RECONCILE) {
        r.sub.issues.push(messages::our_own_summary(display));
        return None;
    }
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| fold(&s.name) == fold(wanted))
            .map(|s| s.name.clone())
    };
    let mut grids: HashMap<&'static str, Grid> = HashMap::new();
    let mut load = |name: Option<String>, r: &mut Reader<'_>| load(wb, name, r);
    for (key, name) in [
        ("meta", c::SHEET_META),
        ("info", c::SHEET_INFO),
        ("sit", c::SHEET_SITUATION),
    ] {
        if let Some(g) = load(find(name), r) {
            grids.insert(key, g);
        }
    }
    let named = [
        load(find(c::SHEET_PROPAGANDA), r),
        load(find(c::SHEET_ACTIVITIES), r),
    ];
    assign_tables(wb, &sheets, named, &mut grids);
    if r.sub.issues.iter().any(|i| i.code == Code::FileUnreadable) {
        return None;
    }
    if !grids.contains_key("prop") && !grids.contains_key("act") && !grids.contains_key("info") {
        let names: Vec<String> = sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
        r.sub.issues.push(messages::no_data_sheet(display, &names));
        return None;
    }
    let [mut propaganda_copies, mut activities_copies] = other_sheets(wb, &sheets, &grids, r);
    // Rows the unit does not see matter where rows are counted: the tables and their copies.
    let tables = grids
        .iter_mut()
        .filter(|(k, _)| matches!(**k, "prop" | "act"))
        .map(|(_, g)| g);
    for g in tables
        .chain(propaganda_copies.iter_mut())
        .chain(activities_copies.iter_mut())
    {
        g.hidden = wb.hidden_rows(&g.name);
    }
    Some(Sheets {
        meta: grids.remove("meta"),
        info: grids.remove("info"),
        propaganda: grids.remove("prop"),
        activities: grids.remove("act"),
        situation: grids.remove("sit"),
        propaganda_copies,
        activities_copies,
    })
}

/// The sheets left over once the template's are found: those with a table's header are
/// copies of that table (read with it), those with any other data are named in a warning.
/// Never a sheet read silently in part, or left out without a word.
fn other_sheets(
    wb: &mut Workbook,
    sheets: &[crate::read::SheetInfo],
    grids: &HashMap<&'static str, Grid>,
    r: &mut Reader<'_>,
) -> [Vec<Grid>; 2] {
    let mut copies: [Vec<Grid>; 2] = [Vec::new(), Vec::new()];
    let taken: HashSet<&str> = grids.values().map(|g| g.name.as_str()).collect();
    let ours = [c::SHEET_GUIDE, c::SHEET_LISTS, c::SHEET_META].map(fold);
    for sh in sheets {
        if taken.contains(sh.name.as_str()) || ours.contains(&fold(&sh.name)) {
            continue;
        }
        let Some(g) = load(wb, Some(sh.name.clone()), r) else {
            continue;
        };
        match belongs(fit(&g)) {
            Some(t) if copies[t].len() < MAX_COPIES => copies[t].push(g),
            _ => {
                let first = g.rows().find_map(|(row, cells)| {
                    cells
                        .iter()
                        .find(|(_, v)| !v.is_empty())
                        .map(|(col, v)| (crate::read::Pos::new(row, *col), v.display()))
                });
                if let Some((at, value)) = first {
                    let found = format!("{}: {}", at.a1(), value);
                    let i = messages::sheet_unknown(&r.sub.file, &g.name, found).at(&g.name, None);
                    r.issue(i);
                }
            }
        }
    }
    copies
}

/// The two tables, with the key `sheets` files them under, their own sheet name and
/// their folded headers.
fn tables() -> [(&'static str, &'static str, &'static Headers); 2] {
    [
        (
            "prop",
            c::SHEET_PROPAGANDA,
            (super::tables::PROPAGANDA.folded)(),
        ),
        (
            "act",
            c::SHEET_ACTIVITIES,
            (super::tables::ACTIVITIES.folded)(),
        ),
    ]
}

/// How many of table `t`'s headers `g` has in one row.
fn score(g: &Grid, t: usize) -> usize {
    find_header(g, tables()[t].2, 1, 30).map_or(0, |h| h.cols.iter().flatten().count())
}

/// How many headers of each table `g` has.
fn fit(g: &Grid) -> [usize; 2] {
    [score(g, 0), score(g, 1)]
}

/// Which table a sheet's headers fit: at least 4 headers, and more of one than the other.
fn belongs(score: [usize; 2]) -> Option<usize> {
    let t = if score[0] > score[1] { 0 } else { 1 };
    (score[t] >= 4 && score[t] > score[1 - t]).then_some(t)
}

/// Gives each table the sheet its headers fit best: the sheet of its name when that fits
/// it (or fits neither), otherwise the best-scoring other sheet; no sheet serves both.
fn assign_tables(
    wb: &mut Workbook,
    sheets: &[crate::read::SheetInfo],
    mut named: [Option<Grid>; 2],
    grids: &mut HashMap<&'static str, Grid>,
) {
    // The two tables: each goes to the sheet its headers fit best, found by name or not
    // (sheets get renamed, deleted and reordered), and no sheet serves both.
    let tables = tables();
    let fits_own_name = |t: usize, g: &Option<Grid>| {
        g.as_ref().is_some_and(|g| {
            // Every header of its own table: no other table can fit it better (the
            // common case, checked with one scan).
            score(g, t) == tables[t].2.len() || belongs(fit(g)).is_none_or(|b| b == t)
        })
    };
    if !(fits_own_name(0, &named[0]) && fits_own_name(1, &named[1])) {
        // Score every other sheet (and the named ones) and give each table its best fit.
        let taken: HashSet<String> = grids.values().map(|g| g.name.clone()).collect();
        let mut candidates: Vec<(Grid, [usize; 2])> = Vec::new();
        for sh in sheets {
            let skip = taken.contains(&sh.name)
                || fold(&sh.name) == fold(c::SHEET_LISTS)
                || named.iter().flatten().any(|g| g.name == sh.name);
            if skip {
                continue;
            }
            if let Ok(g) = wb.grid(&sh.name) {
                let score = fit(&g);
                candidates.push((g, score));
            }
        }
        for g in named.iter_mut().filter_map(Option::take) {
            let score = fit(&g);
            candidates.push((g, score));
        }
        // Keep workbook order among equals: sort by sheet position.
        let order = |name: &str| sheets.iter().position(|x| x.name == name);
        candidates.sort_by_key(|(g, _)| order(&g.name));
        for (t, (key, name, _)) in tables.iter().enumerate() {
            let best = candidates
                .iter()
                .enumerate()
                .filter(|(_, (_, score))| belongs(*score) == Some(t))
                .max_by(|(ia, (_, a)), (ib, (_, b))| a[t].cmp(&b[t]).then(ib.cmp(ia)))
                .map(|(i, _)| i)
                // A sheet with the table's name but no recognisable header: read it, so that
                // its missing columns are reported.
                .or_else(|| {
                    candidates.iter().position(|(g, score)| {
                        fold(&g.name) == fold(name) && belongs(*score).is_none()
                    })
                });
            if let Some(i) = best {
                let (g, _) = candidates.remove(i);
                grids.insert(key, g);
            }
        }
    } else {
        for (t, (key, _, _)) in tables.iter().enumerate() {
            if let Some(g) = named[t].take() {
                grids.insert(key, g);
            }
        }
    }
}

/// Reads sheet `name` (when there is one); an unreadable sheet is an issue on the file.
fn load(wb: &mut Workbook, name: Option<String>, r: &mut Reader<'_>) -> Option<Grid> {
    let name = name?;
    match wb.grid(&name) {
        Ok(g) => Some(g),
        Err(e) => {
            let m = match e {
                crate::read::OpenError::Encrypted => "trang được bảo vệ bằng mật khẩu".to_string(),
                crate::read::OpenError::Unreadable(m) => m,
            };
            let i = messages::sheet_unreadable(&r.sub.file, &name, &m).at(&name, None);
            r.issue(i);
            None
        }
    }
}
