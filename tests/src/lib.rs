//! Helpers for the end-to-end tests: where things are, a static file server, and a small
//! WebDriver client for real headless Chromium.
//!
//! The tests themselves live in `tests/tests/`: `book.rs` builds the real book with the real
//! mdbook, `notebooks.rs` runs every notebook in the real Rust kernel through nbclient,
//! `browser.rs` opens the built book in Chromium through chromedriver, `live.rs` drives the
//! live widgets, where the library runs in the page as WebAssembly, and `jupyterlab.rs` runs
//! the notebooks in JupyterLab as a student does.

pub mod axe;
pub mod jupyterlab;
pub mod paths;
pub mod server;
pub mod webdriver;
