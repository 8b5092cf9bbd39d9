// The book's live widgets. A widget whose HTML carries a `script.genai-live-data` block lists
// controls that need the book's own library, compiled to WebAssembly (crates/genai-wasm). The
// page first shows what was computed when the book was built; once the module has loaded, the
// controls appear and the library answers in the page. This script only draws: every number,
// trace and sample comes from the library as JSON. What a reader types is shown as text only
// (textContent), never as HTML. If the module cannot load, one line says so and the page stays
// as it was built. A book built without the module (its blocks carry no `data-module`) asks
// for no file at all and says that in one line instead.
"use strict";
(function () {
    const NOTICE = "Live demos could not load; the examples below were computed when the book was built.";
    const ABSENT = "Live demos are not part of this build of the book; the examples below were computed when it was built.";
    const root = typeof path_to_root === "string" ? path_to_root : "";
    // The version tag makes a browser fetch the module again whenever the book is rebuilt.
    const moduleUrl = (file, version) =>
        new URL(`${root}generated/wasm/${file}?v=${encodeURIComponent(version)}`, document.baseURI).href;

    // What the tests (and a curious reader's console) can look at: the state of the module,
    // when it became ready (ms since the page started loading), the JSON of the last result of
    // each kind as the library wrote it, and how long the library took for it (ms).
    const live = {
        status: "idle",
        error: null,
        readyAt: null,
        firstResultAt: null,
        results: 0,
        last: {},
        took: {},
        api: null,
    };
    window.genaiLive = live;

    // The element helpers of genai.js, which mdBook loads first (book.toml, additional-js).
    const { el, uid, watchFigure } = window.genaiDom;

    // What a reader typed, as the page repeats it: cut to 60 characters with an ellipsis, as
    // the library cuts what its messages repeat (genai_demos::error::quoted).
    function echo(text) {
        const chars = Array.from(text);
        return chars.length > 60 ? `${chars.slice(0, 59).join("")}\u2026` : text;
    }

    // ---- Loading ------------------------------------------------------------------------

    // The .wasm is fetched first, so a missing file is one failed request the page handles,
    // instead of an error thrown inside the glue code.
    async function load(version) {
        const response = await fetch(moduleUrl("genai_wasm_bg.wasm", version));
        if (!response.ok) throw new Error(`the module answered ${response.status}`);
        const glue = await import(moduleUrl("genai_wasm.js", version));
        await glue.default({ module_or_path: response });
        return glue;
    }

    // ---- Inserting the library's SVG charts -----------------------------------------------

    // The charts come from the library, which escapes every text it draws; they are still
    // parsed as XML and cleaned of anything but drawing before they enter the page.
    const SVG_ELEMENTS = new Set(["svg", "g", "rect", "circle", "ellipse", "line", "polyline",
        "polygon", "path", "text", "tspan", "title", "desc", "defs", "clipPath", "image",
        "linearGradient", "stop", "pattern", "use"]);

    function cleanSvg(text) {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const svg = doc.documentElement;
        if (!svg || svg.localName !== "svg" || doc.querySelector("parsererror")) return null;
        const walk = (node) => {
            for (const child of Array.from(node.children)) {
                if (!SVG_ELEMENTS.has(child.localName)) {
                    child.remove();
                    continue;
                }
                walk(child);
            }
            for (const attr of Array.from(node.attributes)) {
                const name = attr.name.toLowerCase();
                const value = attr.value.trim().toLowerCase();
                const link = name === "href" || name.endsWith(":href");
                if (name.startsWith("on")
                    || (link && !value.startsWith("#") && !value.startsWith("data:image/png;base64,"))) {
                    node.removeAttribute(attr.name);
                }
            }
        };
        walk(svg);
        return document.importNode(svg, true);
    }

    function figure(svgText) {
        const fig = el("figure", { class: "genai-figure genai-live-figure" });
        const svg = cleanSvg(svgText);
        if (svg) fig.append(svg);
        watchFigure(fig);
        return fig;
    }

    // ---- A control: a small form whose answer appears below it --------------------------

    // Builds a form with labelled inputs and one button. `run` gets the inputs' values and
    // returns the library's answer; `draw` shows it. Enter in a field or a click on the button
    // runs it; the answer region is announced politely.
    function control(host, { kind, title, fields, button, run, draw, before }) {
        const form = el("form", { class: "genai-live", "data-kind": kind, novalidate: "" });
        const heading = el("p", { class: "genai-live-title" }, title);
        form.append(heading);
        const inputs = {};
        const row = el("div", { class: "genai-live-fields" });
        for (const f of fields) {
            const id = uid(`genai-live-${f.name}`);
            const wrap = el("div", { class: `genai-live-field genai-live-${f.name}` });
            const label = el("label", { for: id }, f.label);
            let input;
            if (f.type === "select") {
                input = el("select", { id, name: f.name });
                for (const option of f.options) input.append(el("option", { value: option }, option));
                input.value = f.value;
            } else if (f.type === "textarea") {
                input = el("textarea", { id, name: f.name, rows: "2", spellcheck: "false" });
                input.value = f.value;
            } else {
                input = el("input", { id, name: f.name, type: "text", autocomplete: "off", spellcheck: "false" });
                if (f.numeric) input.setAttribute("inputmode", "decimal");
                input.value = f.value;
            }
            wrap.append(label, input);
            row.append(wrap);
            inputs[f.name] = input;
        }
        const go = el("button", { type: "submit", class: "genai-live-run" }, button);
        row.append(go);
        form.append(row);
        const out = el("div", { class: "genai-live-output", "aria-live": "polite" });
        const status = el("p", { class: "genai-live-status", role: "status" });
        form.append(status, out);
        if (before && before.parentNode === host) host.insertBefore(form, before);
        else host.append(form);
        // While the library works the form is busy; the button keeps the keyboard focus (a
        // disabled button would drop it), and a second press waits for the first answer.
        let busy = false;
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            if (busy) return;
            busy = true;
            form.setAttribute("aria-busy", "true");
            const values = {};
            for (const [name, input] of Object.entries(inputs)) values[name] = input.value;
            status.textContent = "Working…";
            // Let the status paint before the library runs (the first run also trains).
            setTimeout(() => {
                try {
                    const started = performance.now();
                    const answer = run(values);
                    live.took[kind] = performance.now() - started;
                    out.textContent = "";
                    draw(out, answer, values);
                    status.textContent = "";
                    live.results += 1;
                    if (live.firstResultAt === null) live.firstResultAt = performance.now();
                } catch (error) {
                    out.textContent = "";
                    out.append(el("p", { class: "genai-live-error" }, String(error && error.message ? error.message : error)));
                    status.textContent = "";
                } finally {
                    busy = false;
                    form.removeAttribute("aria-busy");
                }
                form.dataset.runs = String(Number(form.dataset.runs || 0) + 1);
            }, 0);
        });
        return form;
    }

    // ---- The controls, one per kind -------------------------------------------------------

    const start = (spec, key, fallback) =>
        spec.start && spec.start[key] !== undefined && spec.start[key] !== null ? String(spec.start[key]) : fallback;

    // How sure a sorter is, in words ("= 96.2%", "is over 99.9%"), as the library words it
    // for the built page: the module's `stated`, so both pages read alike.
    const stated = (p) => live.api.stated(p);

    // One sorter's answer, drawn as the chapter draws it: the label, P(positive) and a bar.
    function answer(who, c, positive, cls) {
        const found = c.probabilities.find((p) => p.label === positive);
        const p = found ? found.probability : 0;
        const line = el("p", { class: cls });
        line.append(document.createTextNode(`${who} says `), el("strong", { class: "genai-verdict" }, c.label),
            document.createTextNode(`: P(${positive}) ${stated(p)} `));
        const bar = el("span", { class: "genai-prob", "aria-hidden": "true" });
        const fill = el("span", { class: "genai-prob-fill" });
        fill.style.width = `${(100 * p).toFixed(1)}%`;
        bar.append(fill);
        line.append(bar);
        return line;
    }

    // Chapter 1: sort a message of your own with both sorters.
    function classify(host, spec, api) {
        const recipe = JSON.stringify(spec.recipe);
        const positive = spec.recipe.positive;
        control(host, {
            kind: "classify",
            title: "Try it: sort a message of your own",
            fields: [{ name: "text", label: "Your message", type: "textarea", value: start(spec, "text", "") }],
            button: "Sort it",
            run: ({ text }) => {
                const json = api.classify(recipe, text);
                live.last.classify = json;
                return JSON.parse(json);
            },
            draw: (out, v) => {
                out.append(el("p", { class: "genai-message" }, v.filter.text));
                out.append(answer("The spam filter", v.filter, positive, "genai-filter-answer"));
                out.append(answer("Naive Bayes (the generative model)", v.bayes, positive, "genai-bayes-answer"));
                const words = v.filter.evidence.slice(0, 5)
                    .map((w) => `${w.word} (${w.score >= 0 ? "+" : "\u2212"}${Math.abs(w.score).toFixed(2)})`);
                if (words.length) {
                    out.append(el("p", { class: "genai-live-evidence" },
                        `The words that pushed the filter hardest toward ${v.filter.label}, or away from it (\u2212): ${words.join(", ")}`));
                }
                const unknown = v.filter.unknown_words;
                if (unknown.length) {
                    out.append(el("p", { class: "genai-live-unknown" },
                        `Never seen in training, so they count for nothing: ${unknown.join(", ")}`));
                }
            },
        });
    }

    // Chapter 1: a brand-new message for a label, its copy check, and the filter's answer.
    function write(host, spec, api) {
        const recipe = JSON.stringify(spec.recipe);
        const positive = spec.recipe.positive;
        const labels = (spec.start && spec.start.labels) || [positive];
        control(host, {
            kind: "write",
            title: "Try it: write a new message",
            fields: [
                { name: "label", label: "Label", type: "select", options: labels, value: start(spec, "label", labels[0]) },
                { name: "seed", label: "Seed", value: start(spec, "seed", "1"), numeric: true },
            ],
            button: "Write it",
            run: ({ label, seed }) => {
                const json = api.write_message(recipe, label, seed);
                live.last.write = json;
                return JSON.parse(json);
            },
            draw: (out, made) => {
                const w = made.written;
                const check = w.check;
                out.append(el("p", { class: "genai-message" }, w.text));
                const meta = el("p", { class: "genai-written-meta" });
                meta.append(document.createTextNode("Written for the label "), el("strong", {}, w.label),
                    document.createTextNode(` from seed ${w.seed}, one word at a time.`));
                out.append(meta);
                const copy = el("p", { class: "genai-copy-check" }, "Copy check: ");
                if (check.is_copy) {
                    copy.append(el("strong", {}, "a copy"), document.createTextNode(": this exact message is in the training data."));
                } else if (check.longest_copied_run === 0) {
                    copy.append(el("strong", {}, "new"), document.createTextNode(": not one of its words comes from a training message."));
                } else {
                    copy.append(el("strong", {}, "new"), document.createTextNode(
                        `: it is not any training message. The longest stretch it shares with one is ${check.longest_copied_run} ` +
                        `of its ${check.pieces} pieces, “${check.longest_copied_text}”, from the ${check.nearest_label} message “${check.nearest}”.`));
                }
                out.append(copy);
                out.append(answer("The spam filter", made.filter, positive, "genai-filter-answer"));
            },
        });
    }

    // A new picture for a prompt and a seed, with its filmstrip from noise to picture.
    function image(host, spec, api) {
        const recipe = JSON.stringify(spec.recipe);
        control(host, {
            kind: "image",
            title: "Try it: draw a new picture",
            fields: [
                { name: "prompt", label: "Prompt", value: start(spec, "prompt", "a ring") },
                { name: "seed", label: "Seed", value: start(spec, "seed", "1"), numeric: true },
            ],
            button: "Draw it",
            run: ({ prompt, seed }) => {
                const picture = api.sample_image(recipe, prompt, seed);
                live.last.image = picture.trace;
                return { trace: JSON.parse(picture.trace), filmstrip: picture.filmstrip };
            },
            draw: (out, { trace, filmstrip }) => {
                out.append(figure(filmstrip));
                out.append(el("p", { class: "genai-live-summary" },
                    `“${echo(trace.prompt)}”: a new ${trace.shape.toLowerCase()} from seed ${trace.seed}, in ${trace.steps} steps. ` +
                    `Its nearest training picture is ${trace.nearest_training_rms.toFixed(3)} away; ` +
                    `two training pictures of this shape are typically ${trace.training_spacing_rms.toFixed(3)} apart.`));
            },
        });
    }

    // A new tune from a seed: hear it, and see it as a piano roll.
    function tune(host, spec, api) {
        const recipe = JSON.stringify(spec.recipe);
        let url = null;
        control(host, {
            kind: "tune",
            title: "Try it: compose a new tune",
            fields: [{ name: "seed", label: "Seed", value: start(spec, "seed", "1"), numeric: true }],
            button: "Compose it",
            run: ({ seed }) => {
                const made = api.compose_tune(recipe, seed);
                live.last.tune = made.melody;
                return { melody: JSON.parse(made.melody), roll: made.piano_roll, wav: made.wav };
            },
            draw: (out, { melody, roll, wav }) => {
                if (url) URL.revokeObjectURL(url);
                url = URL.createObjectURL(new Blob([wav], { type: "audio/wav" }));
                const audio = el("audio", { controls: "", preload: "auto", src: url,
                    "aria-label": `The new tune from seed ${melody.trace.seed}` });
                out.append(audio, figure(roll));
                out.append(el("p", { class: "genai-live-summary" }, `${melody.notes.length} notes, written from seed ${melody.trace.seed}.`));
            },
        });
    }

    // Chapter 3: write on from your own prompt, seed and temperature, then step through the
    // draws in the stepper (its menu gets the new trace).
    function generate(host, spec, api) {
        const recipe = JSON.stringify(spec.recipe);
        const widget = host.closest(".genai-widget") || host;
        control(host, {
            kind: "generate",
            title: "Try it: write from your own prompt",
            before: widget.querySelector(":scope > .genai-stepper"),
            fields: [
                { name: "prompt", label: "Prompt", value: start(spec, "prompt", "the oven") },
                { name: "seed", label: "Seed", value: start(spec, "seed", "1"), numeric: true },
                { name: "temperature", label: "Temperature", value: start(spec, "temperature", "1"), numeric: true },
            ],
            button: "Write it",
            run: ({ prompt, seed, temperature }) => {
                // Another model may take over the writing (genai-network.js's switch).
                const writer = widget.genaiTextModel || api.generate_text;
                const json = writer(recipe, prompt, seed, temperature);
                live.last.generate = json;
                return JSON.parse(json);
            },
            draw: (out, run, values) => {
                out.append(el("p", { class: "genai-live-echo" }, `Your prompt: “${echo(values.prompt)}”`));
                out.append(el("p", { class: "genai-live-summary" }, run.trace.text));
                if (widget.genaiStepper) {
                    widget.genaiStepper.add(run);
                    out.append(el("p", { class: "genai-live-hint" },
                        `It is in the stepper below as ${run.label}: press Next to follow it one draw at a time.`));
                }
            },
        });
    }

    const kinds = { classify, write, generate, image, tune };

    // A widget's script of its own (genai-speech.js, genai-pictures.js, loaded after this one)
    // adds its kind here and draws with the same form, figure and wording helpers.
    Object.assign(live, { kinds, control, figure, start, echo });

    // ---- Start ----------------------------------------------------------------------------

    function targets() {
        const found = [];
        document.querySelectorAll(".genai-widget").forEach((widget) => {
            const source = widget.querySelector(":scope > script.genai-live-data");
            if (!source) return;
            let specs = [];
            try {
                specs = JSON.parse(source.textContent);
            } catch (_) {
                return;
            }
            found.push({ widget, specs, version: source.dataset.module || null });
        });
        return found;
    }

    // Where a control goes: its panel or its choice inside a panel (found by label), or the
    // end of the widget.
    function hostFor(widget, spec) {
        if (spec.panel) {
            for (const panel of widget.querySelectorAll(".genai-panel, .genai-choice")) {
                if (panel.dataset.label === spec.panel) return panel;
            }
        }
        return widget;
    }

    function notify(found, text) {
        for (const { widget } of found) {
            widget.prepend(el("p", { class: "genai-live-notice", role: "status" }, text));
        }
    }

    function init() {
        const found = targets();
        if (found.length === 0) return;
        const version = found.map((f) => f.version).find((v) => v);
        if (!version) {
            live.status = "absent";
            notify(found, ABSENT);
            return;
        }
        live.status = "loading";
        load(version).then((api) => {
            live.api = api;
            live.status = "ready";
            live.readyAt = performance.now();
            for (const { widget, specs } of found) {
                for (const spec of specs) {
                    const draw = kinds[spec.kind];
                    if (draw) draw(hostFor(widget, spec), spec, api);
                }
                widget.classList.add("genai-live-ready");
            }
            document.dispatchEvent(new CustomEvent("genai-live-ready"));
        }).catch((error) => {
            live.status = "failed";
            live.error = String(error && error.message ? error.message : error);
            notify(found, NOTICE);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
})();
