//! A small WebDriver client: enough of the W3C protocol to drive real headless Chromium
//! through chromedriver (open a page, run a script, click, type, read the logs).

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Chromium, controlled through its own chromedriver; both stop when it is dropped.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    profile: PathBuf,
}

/// An element found on the page, by its WebDriver reference.
#[derive(Debug, Clone)]
pub struct Element(String);

/// The W3C key codes the tests press.
pub mod keys {
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Space.
    pub const SPACE: &str = " ";
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Left arrow.
    pub const LEFT: &str = "\u{E012}";
    /// Right arrow.
    pub const RIGHT: &str = "\u{E014}";
    /// Down arrow.
    pub const DOWN: &str = "\u{E015}";
    /// Home.
    pub const HOME: &str = "\u{E011}";
    /// End.
    pub const END: &str = "\u{E010}";
    /// Shift, held with another key (see [`Browser::press`](super::Browser::press)).
    pub const SHIFT: &str = "\u{E008}";
}

/// The W3C WebDriver spec's key for an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    /// Starts headless Chromium with JavaScript on.
    pub fn start() -> Result<Browser> {
        Browser::start_with(true)
    }

    /// Starts headless Chromium, with JavaScript on or off. Any host but loopback fails to
    /// resolve, so a page that reaches out shows up as a failed request instead of a slow test.
    pub fn start_with(javascript: bool) -> Result<Browser> {
        let chromedriver = crate::paths::browser_tool("chromedriver", "CHROMEDRIVER")?;
        let chromium = crate::paths::browser_tool("chromium", "CHROMIUM")?;
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver")?;
        let base = format!("http://127.0.0.1:{port}");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(120))
            .build();
        let started = Instant::now();
        while agent.get(&format!("{base}/status")).call().is_err() {
            if started.elapsed() > Duration::from_secs(30) {
                bail!("chromedriver did not start within 30 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = crate::paths::scratch(&format!("chromium-profile-{port}"))?;
        let mut prefs = json!({});
        if !javascript {
            prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic",
                    "--disable-features=Translate,OptimizationHints,MediaRouter",
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                    "--window-size=1200,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                "prefs": prefs,
            },
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        }}});
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            agent,
            profile,
        };
        let reply = browser.send("POST", "/session", Some(caps))?;
        browser.session = reply["sessionId"]
            .as_str()
            .context("no session id from chromedriver")?
            .to_string();
        Ok(browser)
    }

    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let request = self.agent.request(method, &url);
        let reply = match body {
            Some(body) => request.send_json(body),
            None => request.call(),
        };
        let value: Value = match reply {
            Ok(r) => r.into_json()?,
            Err(ureq::Error::Status(code, r)) => {
                let text = r.into_string().unwrap_or_default();
                bail!("WebDriver {method} {path} failed ({code}): {text}");
            }
            Err(e) => return Err(anyhow!(e).context(format!("WebDriver {method} {path}"))),
        };
        Ok(value.get("value").cloned().unwrap_or(Value::Null))
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens `url` and waits until the page has loaded.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.send(
            "POST",
            &self.session_path("/url"),
            Some(json!({ "url": url })),
        )?;
        Ok(())
    }

    /// How many times the live control matched by `css` has answered (its `data-runs`, which
    /// the page's scripts count up after each answer; 0 if there is no such control yet).
    pub fn answers(&self, css: &str) -> Result<u64> {
        let script = "const f = document.querySelector(arguments[0]);
                      return f ? Number(f.dataset.runs || 0) : 0;";
        Ok(self.execute(script, json!([css]))?.as_u64().unwrap_or(0))
    }

    /// Runs `script` (a function body; arguments in `arguments`) and returns what it returns.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.send(
            "POST",
            &self.session_path("/execute/sync"),
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs an asynchronous `script`, which finishes by calling the last of its `arguments`
    /// with the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.send(
            "POST",
            &self.session_path("/execute/async"),
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Sets how long an asynchronous script may run.
    pub fn script_timeout(&self, seconds: u64) -> Result<()> {
        self.send(
            "POST",
            &self.session_path("/timeouts"),
            Some(json!({ "script": seconds * 1000 })),
        )?;
        Ok(())
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element> {
        let found = self
            .send(
                "POST",
                &self.session_path("/element"),
                Some(json!({ "using": "css selector", "value": css })),
            )
            .with_context(|| format!("finding `{css}`"))?;
        found[ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_string()))
            .with_context(|| format!("no element matches `{css}`"))
    }

    /// Clicks an element, as a mouse would.
    pub fn click(&self, element: &Element) -> Result<()> {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{}/click", element.0)),
            Some(json!({})),
        )?;
        Ok(())
    }

    /// Scrolls the first element matching `css` into the middle of the view, then clicks it.
    pub fn click_css(&self, css: &str) -> Result<()> {
        self.execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;",
            json!([css]),
        )?;
        self.click(&self.find(css)?)
    }

    /// Types `text` into an element (it takes the focus first), as a keyboard would.
    pub fn type_keys(&self, element: &Element, text: &str) -> Result<()> {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{}/value", element.0)),
            Some(json!({ "text": text })),
        )?;
        Ok(())
    }

    /// Presses `chord` (keys of [`keys`]) on whatever has the focus, as a keyboard would,
    /// without moving the focus first (unlike [`Browser::type_keys`]): each key goes down in
    /// order and comes up in reverse, so `[SHIFT, ENTER]` is Shift+Enter.
    pub fn press(&self, chord: &[&str]) -> Result<()> {
        let down = chord
            .iter()
            .map(|k| json!({ "type": "keyDown", "value": k }));
        let up = chord
            .iter()
            .rev()
            .map(|k| json!({ "type": "keyUp", "value": k }));
        let keyboard = json!({ "type": "key", "id": "keyboard", "actions": down.chain(up).collect::<Vec<_>>() });
        self.send(
            "POST",
            &self.session_path("/actions"),
            Some(json!({ "actions": [keyboard] })),
        )?;
        self.send("DELETE", &self.session_path("/actions"), None)?;
        Ok(())
    }

    /// Empties a text field, as selecting its text and deleting it would.
    pub fn clear(&self, element: &Element) -> Result<()> {
        self.send(
            "POST",
            &self.session_path(&format!("/element/{}/clear", element.0)),
            Some(json!({})),
        )?;
        Ok(())
    }

    /// Makes the page a phone's: `width` x `height` CSS pixels, touch-sized, with the page's
    /// viewport tag honoured, through Chromium's own device emulation (it lasts for the
    /// session, across pages).
    pub fn emulate_phone(&self, width: u32, height: u32) -> Result<()> {
        self.send(
            "POST",
            &self.session_path("/goog/cdp/execute"),
            Some(json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": { "width": width, "height": height, "deviceScaleFactor": 2, "mobile": true },
            })),
        )?;
        Ok(())
    }

    /// The text of an open `alert`, if any, which is then dismissed.
    pub fn alert_text(&self) -> Option<String> {
        let text = self
            .send("GET", &self.session_path("/alert/text"), None)
            .ok()?;
        let _ = self.send(
            "POST",
            &self.session_path("/alert/dismiss"),
            Some(json!({})),
        );
        text.as_str().map(str::to_string)
    }

    /// The page's console messages at error level since the last call.
    pub fn console_errors(&self) -> Result<Vec<String>> {
        let entries = self.send(
            "POST",
            &self.session_path("/se/log"),
            Some(json!({ "type": "browser" })),
        )?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect())
    }

    /// Every URL the page asked for since the last call, from Chromium's network log.
    pub fn requests(&self) -> Result<Vec<String>> {
        let entries = self.send(
            "POST",
            &self.session_path("/se/log"),
            Some(json!({ "type": "performance" })),
        )?;
        let mut urls = Vec::new();
        for entry in entries.as_array().into_iter().flatten() {
            let Some(text) = entry["message"].as_str() else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if message["message"]["method"] == "Network.requestWillBeSent"
                && let Some(url) = message["message"]["params"]["request"]["url"].as_str()
            {
                urls.push(url.to_string());
            }
        }
        Ok(urls)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.send("DELETE", &self.session_path(""), None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
