//! Chapter 1's short history: a timeline of sorting and creating, with its sources.

use super::{Page, none};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::data::history::{self, Job};

pub(super) const PAGE: Page = Page {
    prefix: "history",
    charts: &["history.timeline"],
    values: &[
        "history.first-sorter",
        "history.first-creator",
        "history.sources",
    ],
    widgets: &[],
    chart,
    value,
    widget: none,
};

fn chart(name: &str) -> Option<Result<Chart>> {
    match name {
        "history.timeline" => Some(history::timeline().map_err(Into::into)),
        _ => None,
    }
}

fn year(job: Job) -> Result<String> {
    history::first(job)
        .map(|m| m.year.to_string())
        .ok_or_else(|| anyhow!("no milestone for {job:?}"))
}

fn value(name: &str) -> Option<Result<String>> {
    Some(match name {
        "history.first-sorter" => year(Job::Sorting),
        "history.first-creator" => year(Job::Creating),
        "history.sources" => Ok(history::sources().join(". ") + "."),
        _ => return None,
    })
}
