//! `danvan plan`: print the plan, export it (.xlsx for the office, or .toml), or make the
//! next đợt's plan from it.

use super::{load_plan, Fatal, OK};
use crate::cli::PlanArgs;
use crate::parse::date::fmt_vn;
use crate::plan::next::{next, NextPeriod};
use crate::plan::{Plan, ValueRule};
use crate::plan_file::{Setting, NEXT_TO_FILL};

pub fn run(args: &PlanArgs) -> Result<i32, Fatal> {
    let current = load_plan(args.plan.as_deref())?;
    let was = format!("{} ({})", current.code, current.period);
    let (plan, highlight): (Plan, &[Setting]) = match (
        &args.code,
        &args.name,
        args.from,
        args.to,
        args.deadline_before,
    ) {
        (Some(code), Some(name), Some(from), Some(to), Some(deadline_before)) if args.next => {
            let n = NextPeriod {
                code: code.clone(),
                name: name.clone(),
                from,
                to,
                deadline_before,
            };
            (next(&current, &n)?, &NEXT_TO_FILL)
        }
        _ => (current, &[]),
    };
    let Some(out) = &args.export else {
        print!("{}", describe(&plan));
        return Ok(OK);
    };
    if out.exists() {
        return Err(Fatal(format!(
            "Tệp {} đã có; hãy chọn tên khác để không ghi đè.",
            out.display()
        )));
    }
    let ext = crate::read::formats::extension(out);
    let bytes = match ext.as_str() {
        "xlsx" => crate::plan_file::write(&plan, highlight)
            .map_err(|e| Fatal(format!("Không lập được tệp kế hoạch: {e}")))?,
        // The embedded plan keeps its comments.
        "toml" if plan.toml == Plan::default_toml() => plan.toml.clone().into_bytes(),
        "toml" => crate::plan::to_toml(&plan).into_bytes(),
        _ => {
            return Err(Fatal(format!(
                "Không biết ghi kế hoạch ra tệp \"{}\": hãy đặt tên tệp đuôi .xlsx (để sửa bằng Excel) hoặc .toml.",
                out.display()
            )))
        }
    };
    crate::output::write_atomic(out, &bytes)?;
    if args.next {
        println!(
            "Đã lập kế hoạch {} ({}) từ {was}: {}. Mở tệp, ghi các ô tô vàng (văn bản cấp trên của đợt), rồi dùng: danvan template --plan {}",
            plan.code,
            plan.period,
            out.display(),
            out.display()
        );
    } else {
        println!(
            "Đã ghi kế hoạch {} ra {}. Sửa tệp này rồi dùng: danvan template --plan {}",
            plan.code,
            out.display(),
            out.display()
        );
    }
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
