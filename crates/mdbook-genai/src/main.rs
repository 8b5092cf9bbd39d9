//! `mdbook-genai`: the command mdBook runs as the book's `genai` preprocessor.
//!
//! mdBook first asks `mdbook-genai supports <renderer>`, then pipes the book in as JSON and
//! reads the expanded book back from standard output.

use anyhow::{Context, Result};
use mdbook_genai::GenAi;
use mdbook_preprocessor::Preprocessor;
use std::io;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("supports") {
        // Every renderer gets plain Markdown and HTML, so every renderer is supported.
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-genai: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let (ctx, book) =
        mdbook_preprocessor::parse_input(io::stdin()).context("reading the book from mdBook")?;
    if ctx.mdbook_version != mdbook_preprocessor::MDBOOK_VERSION {
        eprintln!(
            "mdbook-genai: built for mdBook {}, called by {}",
            mdbook_preprocessor::MDBOOK_VERSION,
            ctx.mdbook_version
        );
    }
    let book = GenAi.run(&ctx, book)?;
    serde_json::to_writer(io::stdout(), &book).context("writing the book back to mdBook")?;
    Ok(())
}
