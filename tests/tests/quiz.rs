//! The chapters' self-check questions in real headless Chromium: two or three per chapter, each
//! answered with feedback by mouse and by keyboard, and readable without JavaScript as a
//! question, its options and a folded answer.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::json;

/// The chapter pages, each with its quizzes.
const CHAPTERS: [&str; 3] = [
    "telling-apart-vs-creating.html",
    "modalities.html",
    "how-it-generates.html",
];

/// The `.genai-quiz` blocks of a built page, as HTML.
fn quizzes(html: &str) -> Vec<&str> {
    html.split("<div class=\"genai-quiz\"")
        .skip(1)
        .map(|rest| rest.split("</details>").next().unwrap_or_default())
        .collect()
}

/// Without JavaScript a quiz is a question, its options (one marked right) and a folded answer
/// with one line of feedback per option, the right one saying so.
#[test]
fn every_chapter_has_two_or_three_quizzes_whose_answers_are_folded() {
    let book = build_book("quiz-static").unwrap();
    for page in CHAPTERS {
        let html = std::fs::read_to_string(book.join(page)).unwrap();
        let found = quizzes(&html);
        assert!(
            (2..=3).contains(&found.len()),
            "{page}: {} quizzes",
            found.len()
        );
        for quiz in found {
            let options = quiz
                .split("class=\"genai-quiz-options\"")
                .nth(1)
                .and_then(|r| r.split("</ol>").next())
                .unwrap();
            let feedback = quiz
                .split("class=\"genai-quiz-feedback\"")
                .nth(1)
                .and_then(|r| r.split("</ol>").next())
                .unwrap();
            let n = options.matches("<li").count();
            assert!(n >= 2, "{page}: a quiz with {n} options");
            assert_eq!(feedback.matches("<li").count(), n, "{page}: {quiz}");
            assert_eq!(options.matches("data-correct").count(), 1, "{page}: {quiz}");
            assert!(
                quiz.contains("<details class=\"genai-quiz-answer\">\n<summary>Answer</summary>")
            );
            // The right option's feedback is the one that says "Right."
            let right = options
                .split("<li")
                .skip(1)
                .position(|li| li.starts_with(" data-correct"))
                .unwrap();
            let line = feedback.split("<li>").nth(right + 1).unwrap();
            assert!(
                line.starts_with("<strong>Right.</strong>"),
                "{page}: {line}"
            );
            assert_eq!(feedback.matches("<strong>Right.</strong>").count(), 1);
            assert!(!quiz.contains("{{#"), "{page}: an unexpanded directive");
        }
    }
}

/// What one quiz shows after its Check button is pressed.
fn status(browser: &Browser, quiz: usize) -> serde_json::Value {
    browser
        .execute(
            "const quiz = document.querySelectorAll('.genai-quiz')[arguments[0]];
             return { text: quiz.querySelector('.genai-quiz-status').textContent,
                      right: quiz.classList.contains('genai-quiz-right'),
                      wrong: quiz.classList.contains('genai-quiz-wrong') };",
            json!([quiz]),
        )
        .unwrap()
}

#[test]
fn every_quiz_answers_by_mouse_and_by_keyboard() {
    let book = build_book("quiz-live").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    let mut checked = 0;
    for page in CHAPTERS {
        browser.goto(&format!("{base}/{page}")).unwrap();
        let shape = browser
            .execute(
                "return Array.from(document.querySelectorAll('.genai-quiz')).map((quiz) => ({
                     live: quiz.classList.contains('genai-quiz-live'),
                     radios: quiz.querySelectorAll('input[type=radio]').length,
                     listHidden: quiz.querySelector('.genai-quiz-options').hidden,
                     legend: quiz.querySelector('legend') !== null,
                     right: Array.from(quiz.querySelectorAll('.genai-quiz-options > li'))
                         .findIndex((li) => li.hasAttribute('data-correct')),
                 }));",
                json!([]),
            )
            .unwrap();
        let shape = shape.as_array().unwrap().clone();
        assert!(shape.len() >= 2, "{page}: {shape:?}");
        for (q, quiz) in shape.iter().enumerate() {
            assert_eq!(quiz["live"], true, "{page} quiz {q}: {quiz}");
            assert_eq!(quiz["listHidden"], true, "{page} quiz {q}: {quiz}");
            assert_eq!(quiz["legend"], true, "{page} quiz {q}: {quiz}");
            let options = quiz["radios"].as_u64().unwrap() as usize;
            let right = quiz["right"].as_u64().unwrap() as usize;
            let wrong = (right + 1) % options;
            let within = |css: &str| {
                // The q-th quiz on the page, then `css` inside it.
                browser
                    .execute(
                        "const quiz = document.querySelectorAll('.genai-quiz')[arguments[0]];
                         quiz.setAttribute('data-test-current', '');
                         document.querySelectorAll('.genai-quiz').forEach((other) => {
                             if (other !== quiz) other.removeAttribute('data-test-current');
                         });
                         return true;",
                        json!([q]),
                    )
                    .unwrap();
                browser
                    .find(&format!(".genai-quiz[data-test-current] {css}"))
                    .unwrap()
            };
            // Check with nothing picked: a prompt, no verdict.
            browser.click(&within(".genai-quiz-check")).unwrap();
            let s = status(&browser, q);
            assert_eq!(s["text"], "Pick one of the answers first.", "{page} {q}");
            // By mouse: a wrong answer, then the right one.
            for (pick, verdict, right_class) in
                [(wrong, "Not quite.", false), (right, "Right.", true)]
            {
                browser
                    .click(&within(&format!("input[value=\"{pick}\"]")))
                    .unwrap();
                browser.click(&within(".genai-quiz-check")).unwrap();
                let s = status(&browser, q);
                assert!(
                    s["text"].as_str().unwrap().starts_with(verdict),
                    "{page} {q}: {s}"
                );
                assert_eq!(s["right"], right_class, "{page} {q}: {s}");
                assert_eq!(s["wrong"], !right_class, "{page} {q}: {s}");
            }
            // By keyboard: Space picks the focused option, Enter submits the form.
            browser
                .type_keys(&within(&format!("input[value=\"{wrong}\"]")), keys::SPACE)
                .unwrap();
            browser
                .type_keys(&within(&format!("input[value=\"{wrong}\"]")), keys::ENTER)
                .unwrap();
            let s = status(&browser, q);
            assert!(
                s["text"].as_str().unwrap().starts_with("Not quite."),
                "{page} {q} by keyboard: {s}"
            );
            checked += 1;
        }
        let errors = browser.console_errors().unwrap();
        assert!(errors.is_empty(), "{page}: console errors: {errors:?}");
    }
    assert!(checked >= 6, "only {checked} quizzes checked");
    println!("{checked} quizzes answered by mouse and keyboard");
}

#[test]
fn without_javascript_a_quiz_is_a_question_and_a_folded_answer() {
    let book = build_book("quiz-nojs").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start_with(false).unwrap();
    browser.goto(&format!("{base}/{}", CHAPTERS[0])).unwrap();
    let found = browser.execute(
        "const quiz = document.querySelector('.genai-quiz');
         const shown = (el) => el.getBoundingClientRect().height > 0;
         return { radios: document.querySelectorAll('.genai-quiz input').length,
                  question: shown(quiz.querySelector('.genai-quiz-question')),
                  options: Array.from(quiz.querySelectorAll('.genai-quiz-options > li')).filter(shown).length,
                  open: quiz.querySelector('details').open,
                  feedback: quiz.querySelector('.genai-quiz-feedback').checkVisibility() };",
        json!([]),
    );
    match found {
        Ok(found) => {
            assert_eq!(found["radios"], 0, "the script ran: {found}");
            assert_eq!(found["question"], true, "{found}");
            assert!(found["options"].as_u64().unwrap() >= 2, "{found}");
            assert_eq!(found["open"], false, "{found}");
            assert_eq!(
                found["feedback"], false,
                "the answer is not folded: {found}"
            );
            // A click on the summary unfolds the answer, with no script at all.
            browser
                .click(&browser.find(".genai-quiz summary").unwrap())
                .unwrap();
            let open = browser
                .execute(
                    "const f = document.querySelector('.genai-quiz .genai-quiz-feedback');
                     return f.checkVisibility();",
                    json!([]),
                )
                .unwrap();
            assert_eq!(open, true);
        }
        // WebDriver may refuse to run scripts when JavaScript is off: the static test above
        // covers the page's HTML.
        Err(e) => println!("scripts are off in this browser ({e}); the HTML is checked statically"),
    }
}
