// Chapter 2's denoiser that reads the description, live: type a description, pick a seed and a
// guidance strength, and the book's library (WebAssembly) draws the picture step by step. A
// slider scrubs from the first noise to the finished picture, and the sorter's reading of the
// result sits beside it. Every number and word comes from the library as JSON
// (`draw_description`); this script only draws pixels and text (textContent, never HTML).
//
// The form and the loading of the module are genai-live.js's (loaded before this file, see
// book.toml): this script adds the `denoiser` kind to its list, and genai-live.js draws it in
// the widget's panel once the module is ready.
"use strict";
(function () {
    const live = window.genaiLive;
    if (!live || !live.kinds) return;
    const { el, uid } = window.genaiDom;
    // What the tests can look at: the last drawing's JSON as the library wrote it.
    const state = { last: null };
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

    // The words the denoiser did not use, the picture with its step slider, and the sorter's
    // reading of the finished picture.
    function show(out, drawing) {
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
        const side = el("div", { class: "genai-denoiser-side" });
        side.append(reading);
        picture.append(canvas, side);
        out.append(picture, stepLabel, slider);
    }

    function denoiser(host, spec, api) {
        live.control(host, {
            kind: "denoiser",
            title: "Try it: draw from a description",
            fields: [
                { name: "prompt", label: "Description", value: live.start(spec, "prompt", "a ring") },
                { name: "seed", label: "Seed", value: live.start(spec, "seed", "1"), numeric: true },
                { name: "guidance", label: "Guidance strength", value: live.start(spec, "guidance", "3"), numeric: true },
            ],
            button: "Draw it",
            run: ({ prompt, seed, guidance }) => {
                const json = api.draw_description(prompt, seed, guidance);
                state.last = json;
                return JSON.parse(json);
            },
            draw: show,
        });
    }

    live.kinds.denoiser = denoiser;
})();
