// Self-check questions, as progressive enhancement. Each `.genai-quiz` arrives as plain HTML:
// the question, its options as a list (the right one marked `data-correct`), and a folded
// `<details>` answer holding one line of feedback per option, in the same order, each opening
// with its verdict. Without
// JavaScript a reader thinks, then unfolds the answer. With it, the options become radio
// buttons and a Check button shows the feedback for the option the reader picked.
"use strict";
(function () {
    let counter = 0;

    function enhance(quiz) {
        const question = quiz.querySelector(".genai-quiz-question");
        const list = quiz.querySelector(".genai-quiz-options");
        const feedback = Array.from(quiz.querySelectorAll(".genai-quiz-feedback > li"));
        const options = list ? Array.from(list.querySelectorAll(":scope > li")) : [];
        if (!question || options.length === 0 || feedback.length !== options.length) return;
        const name = `${quiz.id || "genai-quiz"}-${++counter}`;
        const form = document.createElement("form");
        form.className = "genai-quiz-form";
        const fieldset = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.className = "genai-quiz-legend";
        legend.append(...Array.from(question.childNodes, (n) => n.cloneNode(true)));
        fieldset.append(legend);
        options.forEach((option, i) => {
            const label = document.createElement("label");
            label.className = "genai-quiz-choice";
            const radio = document.createElement("input");
            radio.type = "radio";
            radio.name = name;
            radio.value = String(i);
            label.append(radio, " ", ...Array.from(option.childNodes, (n) => n.cloneNode(true)));
            fieldset.append(label);
        });
        const bar = document.createElement("div");
        bar.className = "genai-controls";
        const check = document.createElement("button");
        check.type = "submit";
        check.className = "genai-quiz-check";
        check.textContent = "Check";
        const status = document.createElement("p");
        status.className = "genai-quiz-status";
        status.setAttribute("role", "status");
        bar.append(check);
        form.append(fieldset, bar, status);
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            const picked = form.querySelector("input:checked");
            quiz.classList.remove("genai-quiz-right", "genai-quiz-wrong");
            status.replaceChildren();
            if (!picked) {
                status.textContent = "Pick one of the answers first.";
                return;
            }
            const i = Number(picked.value);
            const right = options[i].hasAttribute("data-correct");
            quiz.classList.add(right ? "genai-quiz-right" : "genai-quiz-wrong");
            // The feedback line starts with its own verdict ("Right." or "Not quite."), so the
            // reader without JavaScript reads the same words.
            status.append(...Array.from(feedback[i].childNodes, (n) => n.cloneNode(true)));
        });
        question.hidden = true;
        list.hidden = true;
        question.after(form);
        quiz.classList.add("genai-quiz-live");
    }

    function start() {
        document.querySelectorAll(".genai-quiz").forEach(enhance);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
