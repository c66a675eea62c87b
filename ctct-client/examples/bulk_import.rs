//! Import a CSV file of contacts into a list as bulk activities, then wait for each one with
//! a progress line. Rows the client rejects are printed with their line numbers; lines the
//! server rejects end the wait with an error naming them.
//!
//! ```sh
//! CTCT_BASE_URL=http://127.0.0.1:8080 CTCT_USERNAME=joesflowers \
//! CTCT_API_KEY=sandbox-key CTCT_PASSWORD=sandbox-password \
//! cargo run -p ctct-client --example bulk_import -- contacts.csv 1 [--multipart]
//! ```
//!
//! The file's first line names the columns (`EMAIL ADDRESS,FIRST NAME,...`).

mod common;

use ctct_client::workflows::activities::WaitOptions;
use ctct_client::workflows::import::{FormEncoding, ImportOptions};
use ctct_models::ids::ListId;

#[tokio::main]
async fn main() -> Result<(), common::Failure> {
    let client = common::client_from_env()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: bulk_import FILE.csv LIST_ID [--multipart]")?;
    let username = client.username().unwrap_or_default().to_owned();
    let list = ListId::new(username, args.get(1).map_or("1", String::as_str));
    let mut options = ImportOptions::new([list]);
    if args.iter().any(|a| a == "--multipart") {
        options.encoding = FormEncoding::Multipart;
    }
    let report = client.import_csv_file(path, &options).await?;
    println!(
        "{} rows read, {} sent in {} activities, {} rejected",
        report.rows_read,
        report.rows_sent,
        report.chunks.len(),
        report.rejected.len()
    );
    for r in &report.rejected {
        println!("  line {}: {}", r.line, r.reason);
    }
    for chunk in &report.chunks {
        let done = client
            .wait_for_activity(&chunk.activity, &WaitOptions::default(), |p| {
                println!(
                    "  activity {}: {} ({} rows done, {:.1} s)",
                    p.id.tail(),
                    p.status.map_or("?", |s| s.as_str()),
                    p.transactions.unwrap_or(0),
                    p.elapsed.as_secs_f64()
                );
            })
            .await?;
        println!(
            "activity {} complete: {} rows",
            chunk.activity.tail(),
            done.transaction_count.unwrap_or(0)
        );
    }
    Ok(())
}
