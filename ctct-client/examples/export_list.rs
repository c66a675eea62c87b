//! Export a list to a CSV file: create the export activity, wait for it with progress, and
//! download the file atomically to a path.
//!
//! ```sh
//! CTCT_BASE_URL=http://127.0.0.1:8080 CTCT_USERNAME=joesflowers \
//! CTCT_API_KEY=sandbox-key CTCT_PASSWORD=sandbox-password \
//! cargo run -p ctct-client --example export_list -- 1 list-1.csv [COLUMN ...]
//! ```
//!
//! The file is streamed to disk chunk by chunk, so memory stays flat whatever its size
//! (`BENCHMARKS.md` measures it). The columns default to `FIRST NAME` and `LAST NAME`.

mod common;

use ctct_client::workflows::activities::WaitOptions;
use ctct_client::workflows::export::ExportOptions;
use ctct_models::ids::ListId;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let username = client.username().unwrap_or_default().to_owned();
    let list = ListId::new(username, args.first().map_or("1", String::as_str));
    let path = args.get(1).map_or("export.csv", String::as_str);
    let columns: Vec<String> = match args.get(2..) {
        Some(named) if !named.is_empty() => named.to_vec(),
        _ => vec!["FIRST NAME".into(), "LAST NAME".into()],
    };
    let options = ExportOptions {
        columns,
        ..ExportOptions::default()
    };
    // One line per MiB downloaded, not per chunk.
    let mut shown_mib = 0;
    let bytes = client
        .export_list_to(
            &list,
            &options,
            &WaitOptions::default(),
            |p| {
                println!(
                    "export {}: {}",
                    p.id.tail(),
                    p.status.map_or("?", |s| s.as_str())
                );
            },
            path,
            |d| {
                if d.bytes >> 20 > shown_mib {
                    shown_mib = d.bytes >> 20;
                    match d.total {
                        Some(total) => println!("downloaded {} of {total} bytes", d.bytes),
                        None => println!("downloaded {} bytes", d.bytes),
                    }
                }
            },
        )
        .await?;
    println!("wrote {bytes} bytes to {path}");
    Ok(())
}
