// The book's widgets, as progressive enhancement. Each `.genai-widget` arrives as plain HTML
// that reads well without JavaScript (every panel, every example, every step as a table), plus
// its data as JSON from the library. This script only rearranges and draws; no model runs here.
"use strict";
(function () {
    let counter = 0;
    const uid = (prefix) => `${prefix}-${++counter}`;

    // An element with attributes and, if given, text (as text, never as HTML).
    function el(tag, attrs, text) {
        const node = document.createElement(tag);
        for (const [key, value] of Object.entries(attrs || {})) {
            node.setAttribute(key, value);
        }
        if (text !== undefined) node.textContent = text;
        return node;
    }
    // Shared with genai-live.js, which mdBook loads after this file, so that ids stay unique
    // across both scripts.
    window.genaiDom = { el, uid, watchFigure };

    // On a narrow screen a chart keeps a legible size and its figure scrolls sideways instead
    // (genai.css). A figure that scrolls joins the keyboard's Tab order, so it can be scrolled
    // with the arrow keys too; one that fits stays out of it.
    const figureWatcher = typeof ResizeObserver === "function"
        ? new ResizeObserver((entries) => entries.forEach((e) => fitFigure(e.target)))
        : null;
    function fitFigure(figure) {
        const scrolls = figure.scrollWidth > figure.clientWidth + 1;
        if (scrolls && !figure.hasAttribute("tabindex")) {
            figure.tabIndex = 0;
            const title = figure.querySelector("svg title");
            if (title) figure.setAttribute("aria-label", `${title.textContent} (scrolls sideways)`);
        } else if (!scrolls && figure.hasAttribute("tabindex")) {
            figure.removeAttribute("tabindex");
            figure.removeAttribute("aria-label");
        }
    }
    function watchFigure(figure) {
        if (figureWatcher) figureWatcher.observe(figure);
        else fitFigure(figure);
    }

    // A list of examples shows one at a time, with a button for the next one.
    function cycleExamples(list) {
        const items = Array.from(list.querySelectorAll(":scope > .genai-example"));
        if (items.length < 2) return;
        if (!list.id) list.id = uid("genai-examples");
        let shown = 0;
        const bar = el("div", { class: "genai-controls" });
        const next = el("button", { type: "button", class: "genai-next", "aria-controls": list.id }, "Another example");
        const status = el("span", { class: "genai-status", "aria-live": "polite" });
        bar.append(next, status);
        list.after(bar);
        list.classList.add("genai-one-at-a-time");
        function show(i) {
            shown = (i + items.length) % items.length;
            items.forEach((item, j) => { item.hidden = j !== shown; });
            status.textContent = `Example ${shown + 1} of ${items.length}`;
            list.dataset.shown = String(shown);
        }
        next.addEventListener("click", () => show(shown + 1));
        show(0);
    }

    // Panels become ARIA tabs: arrow keys move between tabs, Home and End jump to the ends.
    function tabs(root) {
        const panels = Array.from(root.querySelectorAll(":scope > .genai-panel"));
        if (panels.length === 0) return;
        const tablist = el("div", { role: "tablist", class: "genai-tablist", "aria-label": root.dataset.label || "Views" });
        const buttons = panels.map((panel, i) => {
            if (!panel.id) panel.id = uid("genai-panel");
            const tab = el("button", {
                type: "button", role: "tab", class: "genai-tab", id: `${panel.id}-tab`,
                "aria-controls": panel.id, "aria-selected": "false", tabindex: "-1",
            }, panel.dataset.label);
            panel.setAttribute("role", "tabpanel");
            panel.setAttribute("aria-labelledby", tab.id);
            panel.setAttribute("tabindex", "0");
            panel.querySelectorAll(":scope > .genai-panel-title").forEach((t) => { t.hidden = true; });
            tab.addEventListener("click", () => select(i, false));
            tab.addEventListener("keydown", (event) => {
                const moves = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: panels.length - 1 };
                if (event.key in moves) {
                    // Stop here too: mdBook turns the page on the arrow keys.
                    event.preventDefault();
                    event.stopPropagation();
                    select((moves[event.key] + panels.length) % panels.length, true);
                }
            });
            tablist.append(tab);
            return tab;
        });
        function select(i, focus) {
            buttons.forEach((tab, j) => {
                const on = i === j;
                tab.setAttribute("aria-selected", String(on));
                tab.tabIndex = on ? 0 : -1;
                panels[j].hidden = !on;
            });
            if (focus) buttons[i].focus();
        }
        root.prepend(tablist);
        select(0, false);
    }

    // A sampling trace, one step at a time: the text so far, the candidates as bars with the
    // chosen one marked, and a sentence on what happened.
    function stepper(root, data) {
        const traces = data.traces || [];
        if (traces.length === 0) return;
        root.querySelectorAll(":scope > .genai-fallback").forEach((f) => { f.hidden = true; });
        const view = el("div", { class: "genai-stepper" });
        const pickId = uid("genai-pick");
        const pickLabel = el("label", { for: pickId }, "Prompt and temperature: ");
        const pick = el("select", { id: pickId, class: "genai-pick" });
        traces.forEach((t, i) => pick.append(el("option", { value: String(i) }, t.label)));
        const text = el("p", { class: "genai-text", "aria-live": "polite" });
        const bars = el("ol", { class: "genai-bars", "aria-label": "Candidates for the next piece" });
        const note = el("p", { class: "genai-note" });
        const controls = el("div", { class: "genai-controls" });
        const back = el("button", { type: "button", class: "genai-back" }, "Back");
        const next = el("button", { type: "button", class: "genai-next" }, "Next");
        const reset = el("button", { type: "button", class: "genai-reset" }, "Reset");
        const position = el("span", { class: "genai-status" });
        controls.append(back, next, reset, position);
        view.append(pickLabel, pick, text, bars, note, controls);
        root.append(view);
        let trace = traces[0];
        let step = 0;
        function draw() {
            const steps = trace.steps;
            const s = steps[Math.min(step, steps.length - 1)];
            text.textContent = "";
            // `shown` (optional) is how the chosen piece reads in the text: its leading space or
            // none before punctuation, its capital, a pilcrow for a paragraph's end.
            const shown = typeof s.shown === "string" ? s.shown : ` ${s.chosen}`;
            const lead = shown.match(/^\s*/)[0];
            text.append(document.createTextNode(s.text_before + lead));
            text.append(el("mark", { class: "genai-chosen-piece" }, shown.slice(lead.length)));
            bars.textContent = "";
            for (const c of s.candidates) {
                const item = el("li", { class: c.piece === s.chosen ? "genai-bar genai-chosen" : "genai-bar" });
                const label = el("span", { class: "genai-bar-label" }, c.piece);
                const track = el("span", { class: "genai-bar-track" });
                const fill = el("span", { class: "genai-bar-fill" });
                fill.style.width = `${Math.max(0.5, c.probability * 100).toFixed(1)}%`;
                track.append(fill);
                const value = el("span", { class: "genai-bar-value" }, `${(c.probability * 100).toFixed(1)}%`);
                item.append(label, track, value);
                if (c.piece === s.chosen) item.setAttribute("aria-current", "true");
                bars.append(item);
            }
            note.textContent = s.note;
            position.textContent = `Step ${step + 1} of ${steps.length}`;
            back.disabled = step === 0;
            next.disabled = step >= steps.length - 1;
            root.dataset.step = String(step);
        }
        function go(to) {
            const focused = document.activeElement;
            step = Math.max(0, Math.min(to, trace.steps.length - 1));
            draw();
            // A button disabled under the keyboard focus drops it to the page (and the next
            // arrow key would turn mdBook's page): hand it to the other button, or to the view.
            if ((focused === next || focused === back) && focused.disabled) {
                const other = focused === next ? back : next;
                (other.disabled ? view : other).focus();
            }
        }
        back.addEventListener("click", () => go(step - 1));
        next.addEventListener("click", () => go(step + 1));
        reset.addEventListener("click", () => go(0));
        pick.addEventListener("change", () => { trace = traces[Number(pick.value)] || traces[0]; go(0); });
        view.tabIndex = 0;
        view.addEventListener("keydown", (event) => {
            if (event.target === pick) {
                // The menu's own arrow keys choose a trace; they must not turn mdBook's page.
                if (event.key.startsWith("Arrow")) event.stopPropagation();
                return;
            }
            const moves = { ArrowRight: step + 1, ArrowLeft: step - 1, Home: 0, End: trace.steps.length - 1 };
            if (event.key in moves) {
                // Used here, so stop it: mdBook turns the page on the arrow keys.
                event.preventDefault();
                event.stopPropagation();
                go(moves[event.key]);
            }
        });
        // A reader's own trace, written in the page by the live control (genai-live.js), joins
        // the menu and is shown from its first step.
        root.genaiStepper = {
            add(extra) {
                traces.push(extra);
                pick.append(el("option", { value: String(traces.length - 1) }, extra.label));
                pick.value = String(traces.length - 1);
                trace = extra;
                go(0);
            },
        };
        draw();
    }

    const kinds = { tabs, stepper };

    // mdBook draws its sidebar toggle as a <label> carrying aria-expanded, which assistive
    // technology cannot announce (axe: aria-allowed-attr). Give it the role it acts as, and
    // the keyboard behaviour that goes with that role.
    function repairSidebarToggle() {
        const toggle = document.getElementById("mdbook-sidebar-toggle");
        if (!toggle || toggle.getAttribute("role")) return;
        toggle.setAttribute("role", "button");
        toggle.tabIndex = 0;
        toggle.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                toggle.click();
            }
        });
    }

    function init() {
        repairSidebarToggle();
        document.querySelectorAll(".genai-widget").forEach((root) => {
            const source = root.querySelector(":scope > script.genai-widget-data");
            const data = source ? JSON.parse(source.textContent) : {};
            root.querySelectorAll(".genai-examples").forEach(cycleExamples);
            const enhance = kinds[root.dataset.widget];
            if (enhance) enhance(root, data);
            // Marks a widget the script has enhanced (the tests look for it). Not `genai-live`:
            // that class belongs to the live forms, and its style would land on every widget.
            root.classList.add("genai-enhanced");
        });
        document.querySelectorAll(".genai-figure").forEach(watchFigure);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();

// ---------------------------------------------------------------------------------------------
// Chapter 1: choosing a label, and keeping the arrow keys a widget used. A `.genai-choices` block holds one `section.genai-choice
// [data-label]` per label (each with its own list of examples). Without JavaScript every
// section shows, under its own heading; with it, a group of radio buttons shows one section
// at a time. Native radio buttons bring the keyboard behaviour (arrow keys move the choice)
// and the checked state that assistive technology announces.
// ---------------------------------------------------------------------------------------------
(function () {
    let counter = 0;

    function choices(root) {
        const sections = Array.from(root.querySelectorAll(":scope > .genai-choice"));
        if (sections.length < 2) return;
        const name = `genai-choice-${++counter}`;
        const group = document.createElement("fieldset");
        group.className = "genai-choice-bar";
        const legend = document.createElement("legend");
        legend.textContent = root.dataset.choicesLabel || "Choose";
        group.append(legend);
        const inputs = sections.map((section, i) => {
            if (!section.id) section.id = `${name}-panel-${i}`;
            const label = document.createElement("label");
            label.className = "genai-choice-option";
            const input = document.createElement("input");
            input.type = "radio";
            input.name = name;
            input.value = section.dataset.label || String(i);
            input.setAttribute("aria-controls", section.id);
            label.append(input, document.createTextNode(" " + (section.dataset.label || String(i + 1))));
            group.append(label);
            input.addEventListener("change", () => { if (input.checked) show(i); });
            section.querySelectorAll(":scope > .genai-choice-title").forEach((t) => { t.hidden = true; });
            return input;
        });
        function show(i) {
            sections.forEach((section, j) => { section.hidden = i !== j; });
            inputs[i].checked = true;
            root.dataset.chosen = inputs[i].value;
        }
        root.prepend(group);
        show(0);
    }

    // mdBook turns the page on ← and → from a listener on the whole document (book.js, its
    // chapter navigation), and leaves alone only keys typed into an input, a select or a text
    // area. Inside a widget the arrows have work of their own (between tabs, through a trace,
    // seeking in a tune, scrolling a wide chart), and a new page would lose what the reader
    // typed and made there. So ← and →, and any key a widget has used, stop at the widget or
    // figure they were pressed in; the browser's own handling (a scroll) still runs.
    function keepKeys(root) {
        root.addEventListener("keydown", (event) => {
            const arrow = event.key === "ArrowLeft" || event.key === "ArrowRight";
            if (arrow && event.target instanceof HTMLMediaElement && !event.defaultPrevented) {
                seek(event);
            }
            if (event.defaultPrevented || arrow) event.stopPropagation();
        });
    }

    // A focused player seeks five seconds with → and ←, as video sites do (Chromium's own
    // player does nothing with them while it has the focus).
    function seek(event) {
        if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        const media = event.target;
        const end = Number.isFinite(media.duration) ? media.duration : 0;
        event.preventDefault();
        media.currentTime = Math.max(0, Math.min(end, media.currentTime + (event.key === "ArrowRight" ? 5 : -5)));
    }

    function init() {
        document.querySelectorAll(".genai-choices").forEach(choices);
        document.querySelectorAll(".genai-widget, .genai-figure").forEach(keepKeys);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
