"""Real-browser end-to-end tests (headless Chromium + Selenium)."""
