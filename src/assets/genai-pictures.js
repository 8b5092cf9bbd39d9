// Chapter 2's denoiser that reads the description, live: type a description, pick a seed and a
// guidance strength, and the book's library (WebAssembly, loaded by genai-live.js) draws the
// picture step by step. A slider scrubs from the first noise to the finished picture, and the
// sorter's reading of the result sits beside it. Every number and word comes from the library
// as JSON (`draw_description`); this script only draws pixels and text (textContent, never HTML).
"use strict";
(function () {
    const { el, uid } = window.genaiDom;
    const live = window.genaiLive;
    // What the tests can look at: the last drawing's JSON as the library wrote it.
    const state = { last: null, runs: 0 };
    window.genaiPictures = state;

    // One frame (a picture of the library's `Image`: side and brightness 0 to 1) on a canvas.
    function paint(canvas, image) {
        const side = image.side;
        canvas.width = side;
        canvas.height = side;
        const ctx = canvas.getContext("2d");
        const data = ctx.createImageData(side, side);
        image.pixels.forEach((p, i) => {
            const v = Math.round(255 * (1 - p));
            data.data.set([v, v, v, 255], 4 * i);
        });
        ctx.putImageData(data, 0, 0);
    }

    function field(name, label, value) {
        const id = uid(`genai-pictures-${name}`);
        const wrap = el("div", { class: `genai-live-field genai-live-${name}` });
        const input = el("input", { id, name, type: "text", autocomplete: "off", spellcheck: "false" });
        input.value = value;
        wrap.append(el("label", { for: id }, label), input);
        return { wrap, input };
    }

    function control(host, spec) {
        const start = spec.start || {};
        const form = el("form", { class: "genai-live genai-denoiser", "data-kind": "denoiser", novalidate: "" });
        form.append(el("p", { class: "genai-live-title" }, "Try it: draw from a description"));
        const row = el("div", { class: "genai-live-fields" });
        const prompt = field("prompt", "Description", String(start.prompt || "a ring"));
        const seed = field("seed", "Seed", String(start.seed ?? 1));
        const guidance = field("guidance", "Guidance strength", String(start.guidance ?? 3));
        seed.input.setAttribute("inputmode", "numeric");
        guidance.input.setAttribute("inputmode", "decimal");
        const go = el("button", { type: "submit", class: "genai-live-run" }, "Draw it");
        row.append(prompt.wrap, seed.wrap, guidance.wrap, go);
        form.append(row);
        const status = el("p", { class: "genai-live-status", role: "status" });
        const out = el("div", { class: "genai-live-output", "aria-live": "polite" });
        form.append(status, out);
        host.append(form);

        function show(drawing) {
            out.textContent = "";
            if (drawing.unread.length) {
                const words = drawing.unread.map((u) => u.unknown !== undefined
                    ? `“${u.unknown}” (unknown)` : `“${u.repeated}” (said twice)`);
                out.append(el("p", { class: "genai-live-unknown" },
                    `Words the denoiser did not use: ${words.join(", ")}`));
            }
            const steps = drawing.frames.length - 1;
            const canvas = el("canvas", { class: "genai-denoiser-canvas", role: "img" });
            const sliderId = uid("genai-pictures-step");
            const slider = el("input", { id: sliderId, type: "range", min: "0", max: String(steps), step: "1",
                class: "genai-denoiser-step" });
            slider.value = String(steps);
            const stepLabel = el("label", { for: sliderId, class: "genai-denoiser-step-label" });
            const reading = el("p", { class: "genai-reading" },
                `The sorter reads the finished picture as ${drawing.read_as}: ` +
                `${drawing.read_back} of the ${drawing.asked} asked attributes read back.`);
            const scrub = () => {
                const i = Number(slider.value);
                paint(canvas, drawing.frames[i]);
                const left = steps - i;
                const text = i === 0 ? "pure noise" : left === 0 ? "the finished picture" : `${left} steps to go`;
                stepLabel.textContent = `Step ${i} of ${steps}: ${text}`;
                canvas.setAttribute("aria-label", `“${drawing.prompt}” at step ${i} of ${steps}`);
                slider.setAttribute("aria-valuetext", text);
            };
            slider.addEventListener("input", scrub);
            scrub();
            const picture = el("div", { class: "genai-denoiser-picture" });
            picture.append(canvas, el("div", { class: "genai-denoiser-side" }));
            picture.lastChild.append(reading);
            out.append(picture, stepLabel, slider);
        }

        let busy = false;
        form.addEventListener("submit", (event) => {
            event.preventDefault();
            if (busy) return;
            busy = true;
            form.setAttribute("aria-busy", "true");
            status.textContent = "Drawing…";
            setTimeout(() => {
                try {
                    const json = live.api.draw_description(prompt.input.value, seed.input.value, guidance.input.value);
                    state.last = json;
                    show(JSON.parse(json));
                    status.textContent = "";
                } catch (error) {
                    out.textContent = "";
                    out.append(el("p", { class: "genai-live-error" }, String(error && error.message ? error.message : error)));
                    status.textContent = "";
                } finally {
                    busy = false;
                    form.removeAttribute("aria-busy");
                    state.runs += 1;
                    form.dataset.runs = String(state.runs);
                }
            }, 0);
        });
    }

    function init() {
        document.querySelectorAll(".genai-widget").forEach((widget) => {
            const source = widget.querySelector(":scope > script.genai-live-data");
            if (!source) return;
            let specs = [];
            try {
                specs = JSON.parse(source.textContent);
            } catch (_) {
                return;
            }
            for (const spec of specs.filter((s) => s.kind === "denoiser")) {
                let host = widget;
                for (const panel of widget.querySelectorAll(".genai-panel")) {
                    if (panel.dataset.label === spec.panel) host = panel;
                }
                control(host, spec);
            }
        });
    }

    // genai-live.js loads the module and says when it is ready.
    if (live && live.status === "ready") init();
    else document.addEventListener("genai-live-ready", init, { once: true });
})();
