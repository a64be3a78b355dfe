//! Which unit sent a return.

use crate::issue::{Code, Issue};
use crate::unit::Unit;

// unit-unidentified, unit-not-in-roster, unit-name-approximate, unit-conflict -----------

pub fn unit_unidentified(file: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitUnidentified,
        "Không xác định được đơn vị: chưa ghi \"Mã đơn vị\" và \"Tên công đoàn cơ sở\"; số liệu của tệp không được tính.",
    )
    .hint("Ghi mã và tên đơn vị ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

pub fn unit_name_tied(file: &str, name: &str, a: &Unit, b: &Unit) -> Issue {
    Issue::new(
        file,
        Code::UnitUnidentified,
        format!(
            "Không xác định được đơn vị: tên \"{name}\" gần giống ngang nhau hai đơn vị trong danh sách, {} ({}) và {} ({}); số liệu của tệp không được tính.",
            a.name, a.code, b.name, b.code
        ),
    )
    .found(name.to_string())
    .hint("Đơn vị ghi mã đơn vị của mình (theo danh sách của LĐLĐ huyện) ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

pub fn unit_not_in_roster(file: &str, name: &str, code: &str, roster: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitNotInRoster,
        format!("Đơn vị \"{name}\" (mã \"{code}\") không có trong {roster}; được tính là đơn vị ngoài danh sách."),
    )
    .found(format!("{code} {name}").trim().to_string())
}

pub fn unit_name_approximate(file: &str, name: &str, unit: &Unit, score: f64) -> Issue {
    Issue::new(
        file,
        Code::UnitNameApproximate,
        format!(
            "Tên \"{name}\" chỉ gần giống \"{}\" ({}) trong danh sách (độ giống {:.0}%).",
            unit.name,
            unit.code,
            score * 100.0
        ),
    )
    .found(name.to_string())
    .hint("Nếu đúng là đơn vị này thì số liệu được tính; để chắc chắn, đơn vị ghi mã đơn vị của mình (theo danh sách của LĐLĐ huyện) vào ô \"Mã đơn vị\".")
}

/// Two marks of one file (`_meta`, the code typed, the name typed) name two units.
pub fn unit_marks_disagree(file: &str, a: (&str, &Unit), b: (&str, &Unit)) -> Issue {
    let ((source_a, a), (source_b, b)) = (a, b);
    Issue::new(
        file,
        Code::UnitUnidentified,
        format!(
            "Không xác định được đơn vị: {source_a} chỉ {} ({}), còn {source_b} chỉ {} ({}); số liệu của tệp không được tính cho đơn vị nào.",
            a.name, a.code, b.name, b.code
        ),
    )
    .hint("Văn phòng hỏi lại đơn vị đã gửi tệp; đơn vị ghi đúng mã và tên của chính mình ở trang \"Thông tin đơn vị\" rồi gửi lại.")
}

/// A file pre-filled for `meta_unit` whose typed code and name are `unit`'s.
pub fn unit_forwarded(file: &str, meta_unit: &Unit, unit: &Unit, code: &str, name: &str) -> Issue {
    Issue::new(
        file,
        Code::UnitConflict,
        format!(
            "Tệp mẫu được lập sẵn cho {} ({}), nhưng mã và tên ghi trong tệp là của {} ({}): tệp được tính cho {}.",
            meta_unit.code, meta_unit.name, unit.code, unit.name, unit.code
        ),
    )
    .found(format!("{code} / {name}"))
    .hint("Nếu đơn vị dùng lại tệp mẫu của đơn vị khác thì không sao; nếu không, hãy kiểm tra tệp này là của ai.")
}
