//! Command-line surface: commands and their help, in Vietnamese, with examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::read::Limits;

#[derive(Parser, Debug)]
#[command(
    name = "danvan",
    version,
    about = "Lập mẫu báo cáo và tổng hợp báo cáo công tác dân vận của các công đoàn cơ sở.",
    long_about = "danvan lập tệp Excel mẫu từ kế hoạch, đọc các tệp báo cáo các CĐCS gửi về, kiểm tra từng ô \
và tổng hợp thành một tệp Excel: đơn vị nào đúng hạn, trễ hạn, chưa nộp; tổng số liệu so với chỉ tiêu; \
mọi lỗi chỉ rõ tệp, trang, ô.",
    after_help = "Ví dụ:\n  danvan demo                                   chạy thử với dữ liệu mẫu\n  \
danvan template --per-unit --roster ds.xlsx    lập mẫu cho từng đơn vị\n  \
danvan check bao-cao/CD06.xlsx                 kiểm tra một tệp\n  \
danvan consolidate bao-cao/ --roster ds.xlsx   tổng hợp cả thư mục\n  \
danvan report bao-cao/ --roster ds.xlsx        tổng hợp và lập báo cáo Word gửi cấp trên\n  \
danvan serve                                  mở trang làm việc trên trình duyệt (không cần gõ lệnh)\n\n\
Mã thoát: 0 = xong, không có lỗi; 1 = xong nhưng có lỗi trong tệp báo cáo; 2 = sai lệnh, kế hoạch hoặc danh sách."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct Common {
    /// Tệp kế hoạch (.xlsx do `danvan plan --export` lập, hoặc .toml). Mặc định: kế hoạch
    /// đóng gói sẵn.
    #[arg(long, value_name = "TỆP")]
    pub plan: Option<PathBuf>,
    /// Danh sách CĐCS (.xlsx, .xls, .ods, .csv). Mặc định: danh sách MẪU đóng gói sẵn.
    #[arg(long, value_name = "TỆP")]
    pub roster: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Dung lượng tối đa một tệp báo cáo (MiB).
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().max_file_bytes >> 20)]
    pub max_file_mb: u64,
    /// Số dòng tối đa một trang.
    #[arg(long, value_name = "DÒNG", default_value_t = Limits::default().max_rows_per_sheet)]
    pub max_rows: u32,
    /// Thời gian tối đa đọc một tệp (giây); quá thời gian, tệp được ghi lỗi và bỏ qua.
    #[arg(long, value_name = "GIÂY", default_value_t = Limits::default().seconds_per_file)]
    pub max_seconds: u64,
}

impl LimitArgs {
    /// The reader's limits these arguments set (the others at their defaults).
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_mb << 20,
            max_rows_per_sheet: self.max_rows,
            seconds_per_file: self.max_seconds,
            ..Limits::default()
        }
    }
}

impl Default for LimitArgs {
    /// The same defaults as the command line.
    fn default() -> Self {
        let l = Limits::default();
        LimitArgs {
            max_file_mb: l.max_file_bytes >> 20,
            max_rows: l.max_rows_per_sheet,
            max_seconds: l.seconds_per_file,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// In kế hoạch (thời gian, hạn nộp, danh mục, chỉ tiêu), xuất ra tệp Excel để sửa, hoặc
    /// lập kế hoạch đợt mới từ đợt này.
    #[command(
        after_help = "Ví dụ:\n  danvan plan\n  danvan plan --export ke-hoach.xlsx\n  danvan plan --plan ke-hoach.xlsx\n  danvan plan --next --code \"15/KH-LĐLĐ\" --name \"đợt I/2025\" --from 02/06/2025 --to 16/06/2025 --deadline-before 20/06/2025 --export ke-hoach-dot-I-2025.xlsx"
    )]
    Plan(PlanArgs),
    /// Lập tệp Excel mẫu gửi các CĐCS (một tệp chung, hoặc mỗi đơn vị một tệp), hoặc mẫu tổng hợp
    /// một trang cho LĐLĐ huyện không dùng danvan gửi lên tỉnh (--district).
    #[command(
        after_help = "Ví dụ:\n  danvan template\n  danvan template --per-unit --roster danh-sach.xlsx --out mau/\n  danvan template --district --plan ke-hoach-tinh.xlsx"
    )]
    Template {
        #[command(flatten)]
        common: Common,
        /// Mỗi đơn vị trong danh sách một tệp, điền sẵn mã và tên đơn vị.
        #[arg(long, conflicts_with = "district")]
        per_unit: bool,
        /// Mẫu tổng hợp một trang cho LĐLĐ huyện không dùng danvan (danvan rollup đọc như tệp tổng hợp).
        #[arg(long)]
        district: bool,
        /// Thư mục ghi tệp mẫu.
        #[arg(long, value_name = "THƯ MỤC", default_value = "output")]
        out: PathBuf,
    },
    /// Kiểm tra tệp báo cáo: in từng lỗi kèm tệp, trang, ô.
    #[command(
        after_help = "Ví dụ:\n  danvan check bao-cao/CD06.xlsx\n  danvan check bao-cao/ --json"
    )]
    Check {
        /// Tệp hoặc thư mục báo cáo.
        #[arg(required = true, value_name = "TỆP|THƯ MỤC")]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        limits: LimitArgs,
        /// In kết quả dạng JSON.
        #[arg(long)]
        json: bool,
    },
    /// Tổng hợp mọi tệp báo cáo thành một tệp Excel (việc chính).
    #[command(
        after_help = "Ví dụ:\n  danvan consolidate bao-cao/\n  danvan consolidate bao-cao/ --roster ds.xlsx --received so-nhan.csv --as-of 02/01/2025 --feedback phan-hoi/"
    )]
    Consolidate(ConsolidateArgs),
    /// Tổng hợp và lập báo cáo kết quả gửi LĐLĐ tỉnh, Ban Dân vận Huyện ủy (Word .docx), mọi số liệu
    /// lấy từ cùng lần tổng hợp; phần đánh giá, phương hướng để trống (tô vàng) cho cán bộ viết.
    #[command(
        after_help = "Ví dụ:\n  danvan report bao-cao/ --roster ds.xlsx\n  danvan report bao-cao/ --as-of 02/01/2025 --report output/bao-cao.docx\n\n\
Mặc định ghi output/bao-cao-ket-qua-<kế hoạch>.docx, cùng tệp tổng hợp Excel để đính kèm."
    )]
    Report(ConsolidateArgs),
    /// Cấp trên (LĐLĐ tỉnh) tổng hợp các huyện, thị xã, thành phố: đọc tệp tổng hợp Excel (hoặc
    /// JSON) danvan của mỗi huyện gửi lên, như huyện tổng hợp các CĐCS.
    #[command(
        after_help = "Ví dụ:\n  danvan rollup cac-huyen/ --roster ds-huyen.xlsx\n  danvan rollup cac-huyen/ --roster ds-huyen.xlsx --plan ke-hoach-tinh.xlsx --as-of 05/01/2025 --out output/tong-hop-tinh.xlsx --json output/tong-hop-tinh.json --report output/bao-cao-tinh.docx\n\n\
Thư mục chứa tệp tổng hợp của các huyện (tên tệp tùy ý, cả trong tệp .zip) hoặc tệp JSON của chúng. \
--roster là danh sách huyện, thị xã, thành phố (cột Mã đơn vị, Tên đơn vị, người liên hệ), cùng dạng với danh sách CĐCS. \
Số liệu của tỉnh là tổng số liệu các huyện; tệp bị sửa tay ở trang Tổng hợp, gửi hai lần, hay của đợt khác đều được chỉ ra."
    )]
    Rollup(ConsolidateArgs),
    /// Mở trang làm việc trên trình duyệt (chỉ trên máy này): tải mẫu, nhận tệp báo cáo, xem tình trạng
    /// từng đơn vị và từng lỗi, danh sách cần nhắc, tải tệp tổng hợp, phản hồi, báo cáo.
    #[command(
        after_help = "Ví dụ:\n  danvan serve\n  danvan serve --dir bao-cao --roster ds.xlsx\n  danvan serve --port 8800 --no-open\n\n\
Trang chỉ mở được trên máy này (127.0.0.1), bằng địa chỉ có mã truy cập in ra khi chạy. Tệp nhận được lưu vào \
thư mục --dir (mặc định bao-cao/), kết quả vào --out (mặc định output/). Nhấn Ctrl+C để dừng."
    )]
    Serve(ServeArgs),
    /// Chạy thử từ đầu đến cuối: lập mẫu, sinh báo cáo mẫu, tổng hợp vào thư mục output/.
    Demo {
        /// Thư mục làm việc.
        #[arg(long, value_name = "THƯ MỤC", default_value = "output")]
        out: PathBuf,
    },
    /// Sinh N báo cáo giả lập (để thử tải), kèm danh sách đơn vị.
    #[command(after_help = "Ví dụ:\n  danvan sample --units 1000 --seed 7 --out /tmp/bc")]
    Sample {
        /// Kế hoạch của các báo cáo giả lập (.xlsx hoặc .toml). Mặc định: kế hoạch đóng gói sẵn.
        #[arg(long, value_name = "TỆP")]
        plan: Option<PathBuf>,
        #[arg(long, default_value_t = 100)]
        units: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_name = "THƯ MỤC")]
        out: PathBuf,
    },
}

#[derive(Args, Debug, Clone)]
pub struct PlanArgs {
    /// Kế hoạch đang dùng (.xlsx hoặc .toml). Mặc định: kế hoạch đóng gói sẵn.
    #[arg(long, value_name = "TỆP")]
    pub plan: Option<PathBuf>,
    /// Ghi kế hoạch ra tệp: .xlsx (bảng tính để sửa bằng Excel) hoặc .toml.
    #[arg(long, value_name = "TỆP")]
    pub export: Option<PathBuf>,
    /// Lập kế hoạch đợt mới từ kế hoạch đang dùng (giữ danh mục, chỉ tiêu, thông tin báo cáo);
    /// cần --code, --name, --from, --to, --deadline-before và --export.
    #[arg(long, requires_all = ["code", "name", "from", "to", "deadline_before", "export"])]
    pub next: bool,
    /// Số kế hoạch đợt mới, ví dụ "15/KH-LĐLĐ".
    #[arg(long, value_name = "SỐ", requires = "next")]
    pub code: Option<String>,
    /// Tên đợt mới, ví dụ "đợt I/2025".
    #[arg(long, value_name = "TÊN", requires = "next")]
    pub name: Option<String>,
    /// Ngày bắt đầu đợt mới (dd/mm/yyyy).
    #[arg(long, value_name = "NGÀY", value_parser = crate::clock::parse_day, requires = "next")]
    pub from: Option<chrono::NaiveDate>,
    /// Ngày kết thúc đợt mới (dd/mm/yyyy).
    #[arg(long, value_name = "NGÀY", value_parser = crate::clock::parse_day, requires = "next")]
    pub to: Option<chrono::NaiveDate>,
    /// Hạn nộp báo cáo: báo cáo phải đến trước ngày này (dd/mm/yyyy).
    #[arg(long, value_name = "NGÀY", value_parser = crate::clock::parse_day, requires = "next")]
    pub deadline_before: Option<chrono::NaiveDate>,
}

#[derive(Args, Debug, Clone)]
pub struct ConsolidateArgs {
    /// Thư mục hoặc tệp báo cáo.
    #[arg(required = true, value_name = "THƯ MỤC|TỆP")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Sổ nhận tệp (.csv hoặc .xlsx, cột "Tên tệp" và "Ngày nhận").
    #[arg(long, value_name = "TỆP")]
    pub received: Option<PathBuf>,
    /// Ngày tính số liệu (dd/mm/yyyy). Mặc định: hôm nay.
    #[arg(long, value_name = "NGÀY", value_parser = crate::clock::parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Tệp tổng hợp. Mặc định: output/tong-hop-<kế hoạch>.xlsx
    #[arg(long, value_name = "TỆP")]
    pub out: Option<PathBuf>,
    /// Ghi thêm bản tóm tắt JSON.
    #[arg(long, value_name = "TỆP")]
    pub json: Option<PathBuf>,
    /// Ghi cho mỗi đơn vị có lỗi một tệp "Phản hồi - <đơn vị>.xlsx" vào thư mục này.
    #[arg(long, value_name = "THƯ MỤC")]
    pub feedback: Option<PathBuf>,
    /// So với một đợt trước: tệp JSON đợt đó đã ghi (--json). Tổng hợp và báo cáo ghi số liệu
    /// đợt trước và mức tăng, giảm.
    #[arg(long, value_name = "TỆP.json")]
    pub compare: Option<PathBuf>,
    /// Lập thêm báo cáo kết quả gửi cấp trên (Word .docx) từ cùng số liệu.
    #[arg(long, value_name = "TỆP.docx")]
    pub report: Option<PathBuf>,
    /// Không hiện tiến độ.
    #[arg(long, short)]
    pub quiet: bool,
    /// Đọc tuần tự từng tệp (không song song).
    #[arg(long)]
    pub sequential: bool,
    /// Đọc lại mọi tệp và viết lại mọi dòng của tệp tổng hợp: không dùng, không lưu kết quả
    /// đọc và các dòng đã nén (thư mục .danvan/).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Thư mục chứa tệp báo cáo (tệp tải lên được lưu vào đây; tệp chép vào bằng tay cũng được tính).
    #[arg(long, value_name = "THƯ MỤC", default_value = "bao-cao")]
    pub dir: PathBuf,
    /// Thư mục ghi kết quả (tệp tổng hợp, JSON, báo cáo Word).
    #[arg(long, value_name = "THƯ MỤC", default_value = "output")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Sổ nhận tệp (.csv hoặc .xlsx, cột "Tên tệp" và "Ngày nhận").
    #[arg(long, value_name = "TỆP")]
    pub received: Option<PathBuf>,
    /// Ngày tính số liệu (dd/mm/yyyy). Mặc định: hôm nay.
    #[arg(long, value_name = "NGÀY", value_parser = crate::clock::parse_day)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Cổng. 0 = một cổng trống bất kỳ.
    #[arg(long, default_value_t = 8473)]
    pub port: u16,
    /// Địa chỉ mở trang. Mặc định 127.0.0.1 (chỉ máy này). Địa chỉ khác cho phép máy khác trong mạng
    /// vào trang bằng địa chỉ có mã truy cập: chỉ dùng khi thật cần.
    #[arg(long, value_name = "ĐỊA CHỈ", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Không tự mở trình duyệt.
    #[arg(long)]
    pub no_open: bool,
    /// Dung lượng tối đa một tệp tải lên (MiB).
    #[arg(long, value_name = "MIB", default_value_t = 20)]
    pub max_upload_mb: u64,
    /// Số tệp tối đa trong thư mục báo cáo (quá số này, tệp tải lên bị từ chối).
    #[arg(long, value_name = "SỐ", default_value_t = 5000)]
    pub max_files: usize,
    /// Trang cho LĐLĐ tỉnh: nhận và tổng hợp tệp tổng hợp (hoặc JSON, mẫu tổng hợp huyện) các huyện gửi
    /// lên, như `danvan rollup`; --roster là danh sách huyện, thị xã, thành phố.
    #[arg(long)]
    pub rollup: bool,
    /// Seconds a client may take to send one whole request (tests shorten it).
    #[arg(long, value_name = "GIÂY", default_value_t = 300, hide = true)]
    pub request_seconds: u64,
}
