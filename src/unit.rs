//! A grassroots union (CĐCS) as the roster lists it: a plain record at the bottom of the
//! house, so that messages, templates and samples can name a unit without the roster.

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub bloc: String,
    pub commune: String,
    pub contact: String,
    pub phone: String,
}
