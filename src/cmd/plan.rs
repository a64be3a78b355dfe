//! `danvan plan`: print the plan, or export the default one as a starting point.

use std::path::PathBuf;

use super::{load_plan, Fatal, OK};
use crate::parse::date::fmt_vn;
use crate::plan::{Plan, ValueRule};

pub fn run(plan: Option<PathBuf>, export: Option<PathBuf>) -> Result<i32, Fatal> {
    if let Some(out) = export {
        if out.exists() {
            return Err(Fatal(format!(
                "Tệp {} đã có; hãy chọn tên khác để không ghi đè.",
                out.display()
            )));
        }
        crate::output::write_atomic(&out, Plan::default_toml().as_bytes())?;
        println!(
            "Đã ghi kế hoạch mặc định ra {}. Sửa tệp này rồi dùng: danvan template --plan {}",
            out.display(),
            out.display()
        );
        return Ok(OK);
    }
    let p = load_plan(plan.as_deref())?;
    print!("{}", describe(&p));
    Ok(OK)
}

/// The plan in plain Vietnamese.
pub fn describe(p: &Plan) -> String {
    let mut s = String::new();
    s += &format!("Kế hoạch {} — {}\n", p.code, p.title);
    s += &format!("Ban hành: {}\nNguồn: {}\n", p.issuer, p.source);
    s += &format!(
        "Thời gian đợt: {} – {} ({} ngày), ra quân {}\n",
        fmt_vn(p.window_start),
        fmt_vn(p.window_end),
        p.window_days(),
        p.launch
    );
    s += &format!(
        "Hạn nộp: trước {} (chậm nhất {})\nPhiên bản mẫu: {}\n",
        fmt_vn(p.deadline_before),
        fmt_vn(p.last_on_time_day()),
        p.template_version
    );
    for (title, list) in [
        ("Nội dung tuyên truyền", &p.topics),
        ("Đối tượng", &p.audiences),
        ("Hình thức", &p.forms),
    ] {
        s += &format!("\n{title}:\n");
        for c in list.iter() {
            s += &format!(
                "  {} - {}{}\n",
                c.code,
                c.label,
                if c.requires_description {
                    " (phải ghi rõ nội dung)"
                } else {
                    ""
                }
            );
        }
    }
    s += "\nHoạt động (đơn vị tính; giá trị tiền; chỉ tiêu):\n";
    for a in &p.activities {
        let v = match a.value {
            ValueRule::Required => "bắt buộc ghi tiền",
            ValueRule::Optional => "có thể ghi tiền",
            ValueRule::None => "không ghi tiền",
        };
        let t = a
            .target
            .map(|t| {
                format!(
                    "; chỉ tiêu {t}{}",
                    a.target_note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        s += &format!(
            "  {} - {} ({}; {v}{t})\n",
            a.category.code, a.category.label, a.quantity_unit
        );
    }
    s
}
