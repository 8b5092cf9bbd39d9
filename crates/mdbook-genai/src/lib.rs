//! The book's preprocessor: replaces `{{#chart NAME}}`, `{{#value NAME}}` and `{{#widget NAME}}`
//! with what the library computes, so the prose never drifts from the code.
//!
//! Everything embedded is computed from seeds when the book is built. A name the [`catalog`]
//! does not know stops the build with the file and line, rather than leaving a hole in a page.
//! Write `\{{#chart NAME}}` to show a directive literally.

pub mod assets;
pub mod catalog;
pub mod directive;
pub mod widget;

use anyhow::Result;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor, as mdBook sees it.
pub struct GenAi;

impl Preprocessor for GenAi {
    fn name(&self) -> &str {
        "genai"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        assets::set_book_root(ctx.root.clone());
        let mut failure = None;
        // The denoiser's results take the longest: made on a second thread while the chapters
        // before them are expanded (both are cached once per build, so nothing is made twice).
        std::thread::scope(|s| {
            s.spawn(catalog::warm);
            expand_all(&mut book, &mut failure);
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }
}

/// Expands every chapter's directives in order, keeping the first failure.
fn expand_all(book: &mut Book, failure: &mut Option<anyhow::Error>) {
    book.for_each_mut(|item| {
        if failure.is_some() {
            return;
        }
        if let BookItem::Chapter(chapter) = item {
            let file = chapter
                .source_path
                .as_ref()
                .map(|p| format!("src/{}", p.display()))
                .unwrap_or_else(|| chapter.name.clone());
            match directive::expand(&chapter.content, &file) {
                Ok(content) => chapter.content = content,
                Err(e) => *failure = Some(e),
            }
        }
    });
}
