//! The totals, aggregated with polars over the counted rows: by topic, audience,
//! topic × audience, activity, bloc and commune, and per unit.

use std::collections::{BTreeMap, HashMap};

use polars::df;
use polars::prelude::*;

use super::unit_key;
use crate::model::{ActTotal, GroupTotal, PropTotal, UnitStatus, UnitTotals};
use crate::plan::{Category, Plan};
use crate::roster::{Roster, Unit};
use crate::submission::{Submission, UnitId};

/// Counted rows as integer-coded columns, ready for polars: blocs and communes as indices
/// into `names`, categories as indices into the plan's lists; and the totals of each unit.
pub(super) struct Frames {
    prop: DataFrame,
    act: DataFrame,
    /// Unit key (roster code, or the extra unit's code) by index.
    units: Vec<String>,
    /// Bloc and commune names by index.
    names: Vec<String>,
    /// Totals per unit index, summed while the frames are built: grouping the frames by
    /// (unit, topic) held about 100 MB more at a hundred thousand units.
    per_unit: Vec<UnitTotals>,
}

pub(super) struct Totals {
    pub(super) by_topic: Vec<PropTotal>,
    pub(super) by_audience: Vec<PropTotal>,
    pub(super) topic_audience: BTreeMap<(String, String), (i64, i64)>,
    pub(super) by_activity: Vec<ActTotal>,
    pub(super) by_bloc: Vec<GroupTotal>,
    pub(super) by_commune: Vec<GroupTotal>,
    pub(super) per_unit: HashMap<String, UnitTotals>,
}

/// A column as `i64`s (categories and counts alike), nulls as 0.
fn ints(df: &DataFrame, name: &str) -> PolarsResult<Vec<i64>> {
    let column = df.column(name)?.cast(&DataType::Int64)?;
    let ca = column.i64()?.rechunk();
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0)).collect())
}

fn group_entry<'m>(map: &'m mut BTreeMap<String, GroupTotal>, key: &str) -> &'m mut GroupTotal {
    map.entry(key.to_string()).or_insert_with(|| GroupTotal {
        key: key.to_string(),
        ..Default::default()
    })
}

/// Interns strings as dense `u32` indices.
#[derive(Default)]
struct Interner {
    index: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.values.len() as u32;
        self.index.insert(s.to_string(), i);
        self.values.push(s.to_string());
        i
    }
}

impl Frames {
    pub(super) fn build(
        subs: &[Submission],
        counted: &[bool],
        roster: &Roster,
        plan: &Plan,
    ) -> Frames {
        let (mut units, mut names) = (Interner::default(), Interner::default());
        let counted_subs = || {
            subs.iter()
                .zip(counted)
                .filter(|(s, c)| **c && s.unit.is_some())
                .map(|(s, _)| s)
        };
        // Columns sized once: grown by doubling they held up to twice their rows.
        let np: usize = counted_subs().map(|s| s.propaganda.len()).sum();
        let na: usize = counted_subs().map(|s| s.activities.len()).sum();
        fn columns<T, const K: usize>(n: usize) -> [Vec<T>; K] {
            std::array::from_fn(|_| Vec::with_capacity(n))
        }
        let [mut pbloc, mut pcom, mut pt, mut pa] = columns(np);
        let [mut ps, mut patt] = columns(np);
        let [mut abloc, mut acom, mut ak] = columns(na);
        let [mut aq, mut ap, mut av] = columns(na);
        let mut per_unit: Vec<UnitTotals> = Vec::new();
        for s in counted_subs() {
            let Some(id) = &s.unit else { continue };
            let unit = units.id(&unit_key(roster, id));
            let (bloc, commune) = match id {
                UnitId::Roster(i) => (
                    names.id(&roster.units[*i].bloc),
                    names.id(&roster.units[*i].commune),
                ),
                UnitId::Extra { .. } => (names.id("Ngoài danh sách"), names.id(&s.info.commune)),
            };
            if per_unit.len() < units.values.len() {
                per_unit.resize_with(units.values.len(), || UnitTotals {
                    sessions: vec![0; plan.topics.len()],
                    attendance: vec![0; plan.topics.len()],
                    quantity: vec![0; plan.activities.len()],
                    value: 0,
                    strikes: 0,
                });
            }
            let tot = &mut per_unit[unit as usize];
            tot.strikes = s.situation.strikes.unwrap_or(0);
            for r in &s.propaganda {
                pbloc.push(bloc);
                pcom.push(commune);
                pt.push(r.topic as u32);
                pa.push(r.audience as u32);
                ps.push(r.sessions);
                patt.push(r.attendance);
                tot.sessions[r.topic as usize] += r.sessions;
                tot.attendance[r.topic as usize] += r.attendance;
            }
            for r in &s.activities {
                abloc.push(bloc);
                acom.push(commune);
                ak.push(r.activity as u32);
                aq.push(r.quantity);
                ap.push(r.participants);
                av.push(r.value);
                tot.quantity[r.activity as usize] += r.quantity;
                tot.value += r.value;
            }
        }
        let prop = df!(
            "bloc" => pbloc, "commune" => pcom, "topic" => pt, "audience" => pa,
            "sessions" => ps, "attendance" => patt
        )
        .expect("equal-length columns");
        let act = df!(
            "bloc" => abloc, "commune" => acom, "activity" => ak,
            "quantity" => aq, "participants" => ap, "value" => av
        )
        .expect("equal-length columns");
        Frames {
            prop,
            act,
            units: units.values,
            names: names.values,
            per_unit,
        }
    }

    fn prop_by(&self, keys: &[&str]) -> PolarsResult<DataFrame> {
        self.prop
            .clone()
            .lazy()
            .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                len().cast(DataType::Int64).alias("rows"),
                col("sessions").sum(),
                col("attendance").sum(),
            ])
            .collect()
    }

    fn act_by(&self, keys: &[&str]) -> PolarsResult<DataFrame> {
        self.act
            .clone()
            .lazy()
            .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                len().cast(DataType::Int64).alias("rows"),
                col("quantity").sum(),
                col("participants").sum(),
                col("value").sum(),
            ])
            .collect()
    }

    pub(super) fn totals(
        self,
        plan: &Plan,
        roster: &Roster,
        units: &[UnitStatus],
    ) -> PolarsResult<Totals> {
        let by_bloc = self.groups("bloc", roster, units, &|u| u.bloc.clone())?;
        let by_commune = self.groups("commune", roster, units, &|u| u.commune.clone())?;
        Ok(Totals {
            by_topic: self.prop_totals("topic", &plan.topics)?,
            by_audience: self.prop_totals("audience", &plan.audiences)?,
            topic_audience: self.topic_audience(plan)?,
            by_activity: self.act_totals(plan)?,
            by_bloc,
            by_commune,
            per_unit: self.units.into_iter().zip(self.per_unit).collect(),
        })
    }

    /// Propaganda by one category column (`topic` or `audience`), every category listed.
    fn prop_totals(&self, key: &str, cats: &[Category]) -> PolarsResult<Vec<PropTotal>> {
        let df = self.prop_by(&[key])?;
        let mut out: Vec<PropTotal> = cats
            .iter()
            .map(|c| PropTotal {
                code: c.code.clone(),
                label: c.label.clone(),
                ..Default::default()
            })
            .collect();
        let (k, rows, sessions, attendance) = (
            ints(&df, key)?,
            ints(&df, "rows")?,
            ints(&df, "sessions")?,
            ints(&df, "attendance")?,
        );
        for i in 0..df.height() {
            if let Some(t) = out.get_mut(k[i] as usize) {
                (t.rows, t.sessions, t.attendance) = (rows[i], sessions[i], attendance[i]);
            }
        }
        Ok(out)
    }

    /// Sessions and attendance by (topic, audience) codes, for the pairs that have rows.
    /// Grouped by one key, the pair's number (`topic × audiences + audience`): grouped by
    /// the two columns, polars encodes every row's keys first (30 MB more at a hundred
    /// thousand returns, the run's peak).
    fn topic_audience(&self, plan: &Plan) -> PolarsResult<BTreeMap<(String, String), (i64, i64)>> {
        let n = plan.audiences.len().max(1) as u32;
        let ta = self
            .prop
            .clone()
            .lazy()
            .group_by([(col("topic") * lit(n) + col("audience")).alias("pair")])
            .agg([col("sessions").sum(), col("attendance").sum()])
            .collect()?;
        let (pair, ses, att) = (
            ints(&ta, "pair")?,
            ints(&ta, "sessions")?,
            ints(&ta, "attendance")?,
        );
        let mut topic_audience = BTreeMap::new();
        for i in 0..ta.height() {
            let (t, a) = ((pair[i] / n as i64) as usize, (pair[i] % n as i64) as usize);
            topic_audience.insert(
                (plan.topics[t].code.clone(), plan.audiences[a].code.clone()),
                (ses[i], att[i]),
            );
        }
        Ok(topic_audience)
    }

    /// Activities by kind, every kind of the plan listed.
    fn act_totals(&self, plan: &Plan) -> PolarsResult<Vec<ActTotal>> {
        let mut by_activity: Vec<ActTotal> = plan
            .activities
            .iter()
            .map(|a| ActTotal {
                code: a.category.code.clone(),
                label: a.category.label.clone(),
                quantity_unit: a.quantity_unit.clone(),
                target: a.target,
                ..Default::default()
            })
            .collect();
        let ad = self.act_by(&["activity"])?;
        let (k, rows, qty, part, val) = (
            ints(&ad, "activity")?,
            ints(&ad, "rows")?,
            ints(&ad, "quantity")?,
            ints(&ad, "participants")?,
            ints(&ad, "value")?,
        );
        for i in 0..ad.height() {
            if let Some(t) = by_activity.get_mut(k[i] as usize) {
                (t.rows, t.quantity, t.participants, t.value) = (rows[i], qty[i], part[i], val[i]);
            }
        }
        Ok(by_activity)
    }

    /// Units expected and reported, propaganda and activities by a roster column (`bloc`,
    /// `commune`), whose value for a unit is `of`.
    fn groups(
        &self,
        key: &str,
        roster: &Roster,
        units: &[UnitStatus],
        of: &dyn Fn(&Unit) -> String,
    ) -> PolarsResult<Vec<GroupTotal>> {
        let mut map: BTreeMap<String, GroupTotal> = BTreeMap::new();
        for (u, st) in roster.units.iter().zip(units) {
            let g = group_entry(&mut map, &of(u));
            g.expected += 1;
            if st.status.reported() {
                g.reported += 1;
            }
        }
        let pd = self.prop_by(&[key])?;
        let (k, ses, att) = (
            ints(&pd, key)?,
            ints(&pd, "sessions")?,
            ints(&pd, "attendance")?,
        );
        for i in 0..pd.height() {
            let g = group_entry(&mut map, &self.names[k[i] as usize]);
            (g.sessions, g.attendance) = (ses[i], att[i]);
        }
        let ad = self.act_by(&[key])?;
        let (k, rows, val) = (ints(&ad, key)?, ints(&ad, "rows")?, ints(&ad, "value")?);
        for i in 0..ad.height() {
            let g = group_entry(&mut map, &self.names[k[i] as usize]);
            (g.activity_rows, g.value) = (rows[i], val[i]);
        }
        Ok(map.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_topic_and_audience_pair_sums_its_own_rows() {
        let plan = Plan::default_plan();
        let (nt, na) = (plan.topics.len() as u32, plan.audiences.len() as u32);
        assert!(
            nt >= 2 && na >= 3,
            "the plan has topics and audiences to cross"
        );
        // Rows on every pair, each pair's sums its own: a pair read the wrong way round
        // (or another pair's rows) gives other sums.
        let mut rows: Vec<(u32, u32, i64, i64)> = Vec::new();
        for t in 0..nt {
            for a in 0..na {
                for k in 0..(1 + (t + 2 * a) % 3) {
                    rows.push((
                        t,
                        a,
                        (t * 100 + a + k) as i64,
                        (t * 1000 + a * 7 + k) as i64,
                    ));
                }
            }
        }
        let prop = df!(
            "bloc" => vec![0u32; rows.len()], "commune" => vec![0u32; rows.len()],
            "topic" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "audience" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "sessions" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "attendance" => rows.iter().map(|r| r.3).collect::<Vec<_>>()
        )
        .unwrap();
        let frames = Frames {
            prop,
            act: DataFrame::empty(),
            units: Vec::new(),
            names: Vec::new(),
            per_unit: Vec::new(),
        };
        let got = frames.topic_audience(&plan).unwrap();
        let mut want: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        for (t, a, s, n) in &rows {
            let key = (
                plan.topics[*t as usize].code.clone(),
                plan.audiences[*a as usize].code.clone(),
            );
            let e = want.entry(key).or_default();
            (e.0, e.1) = (e.0 + s, e.1 + n);
        }
        assert_eq!(got, want);
    }
}
