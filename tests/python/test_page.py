"""The page in a real headless Chromium (Debian's chromium, chromium-driver
and python3-selenium): load it, edit the Security Council model, see the
veto players and P(act) change, see an error at its line. A screenshot is
kept in the build directory (page-*.png). Skipped, with a message, when
Chromium or Selenium is absent."""
import os
import shutil
import tempfile
import time

import pytest

from conftest import BUILD, Server

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="python3-selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if CHROMIUM is None or DRIVER is None:
    pytest.skip("Chromium or chromedriver is absent (apt-get install "
                "chromium chromium-driver): the page test is skipped",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="veto-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1400,1100",
              "--user-data-dir=" + profile):
        opts.add_argument(a)
    from selenium.webdriver.chrome.service import Service
    service = Service(executable_path=DRIVER)
    d = webdriver.Chrome(options=opts, service=service)
    d.set_page_load_timeout(30)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def page(browser):
    s = Server(["--timeout", "30"])
    browser.get(s.url + "/")
    yield browser
    s.stop()


def wait_for(d, what, timeout=30):
    return WebDriverWait(d, timeout, poll_frequency=0.1).until(what)


def text(d, id_):
    return d.find_element(By.ID, id_).text


def set_model(d, value):
    # as typing: set the text, then the input event the editor listens to
    d.execute_script(
        "const t = document.getElementById('model'); t.value = arguments[0];"
        "t.dispatchEvent(new Event('input'));", value)


def shot(d, name):
    path = os.path.join(BUILD, "page-%s.png" % name)
    d.save_screenshot(path)
    return path


def test_security_council_edit_and_error(page):
    d = page
    # the examples are preloaded, the guarantee arrangements first
    sel = Select(wait_for(d, lambda d: d.find_element(By.ID, "example")))
    wait_for(d, lambda d: len(sel.options) > 30)
    assert sel.options[0].get_attribute("value") == "istanbul-2022.veto"
    wait_for(d, lambda d: "done" in text(d, "status"))
    sel.select_by_value("un-security-council-literal.veto")
    wait_for(d, lambda d: text(d, "veto-players") ==
             "China, France, Russia, UK, USA")
    # P(act) under the defaults: 53/2048 = 0.025879 (848 winning of 2^15)
    wait_for(d, lambda d: "0.025879" in text(d, "p-act"))
    # the HTML report of the same analysis is shown beside it
    d.switch_to.frame(d.find_element(By.ID, "report"))
    assert "Security Council" in d.find_element(By.TAG_NAME, "body").text
    d.switch_to.default_content()
    shot(d, "security-council")

    # edit: take away the permanent members' veto, the rule 9 of 15
    orig = d.find_element(By.ID, "model").get_attribute("value")
    lines = orig.split("\n")
    k = next(i for i, l in enumerate(lines) if l.startswith("pass when"))
    lines[k] = "pass when count >= 9"
    set_model(d, "\n".join(lines))
    wait_for(d, lambda d: text(d, "veto-players") == "none")
    # 9 of 15 at 1/2 each: sum_{k>=9} C(15,k) / 2^15
    # = (5005+3003+1365+455+105+15+1) / 32768 = 9949/32768
    wait_for(d, lambda d: "0.303619" in text(d, "p-act"))

    # the belief slider re-runs the analysis with a scenario of its own
    Select(d.find_element(By.ID, "slider-player")).select_by_value("Russia")
    d.execute_script("const s = document.getElementById('slider');"
                     "s.value = 0; s.dispatchEvent(new Event('input'));")
    wait_for(d, lambda d: "slider: Russia at 0%" in text(d, "p-act"))

    # an error at its line: line k+1 names an unknown player
    lines[k] = "pass when Atlantis and count >= 9"
    set_model(d, "\n".join(lines))
    err = wait_for(d, lambda d: d.find_element(By.ID, "error")
                   if d.find_element(By.ID, "error").is_displayed() else None)
    assert "line %d, column 11: unknown player 'Atlantis'" % (k + 1) in err.text
    marked = d.find_element(By.ID, "error-line")
    assert marked.text == str(k + 1)
    assert marked.get_attribute("class") == "err"  # shown in red
    shot(d, "error")


def test_compare(page):
    d = page
    d.find_element(By.ID, "tab-compare").click()
    assert not d.find_element(By.ID, "analyse").is_displayed()
    # the editor still holds the model with an error: its 422 is shown
    d.find_element(By.ID, "compare-run").click()
    err = wait_for(d, lambda d: d.find_element(By.ID, "compare-error")
                   if d.find_element(By.ID, "compare-error").is_displayed()
                   else None)
    assert "unknown player 'Atlantis'" in err.text
    # without it: the first guarantee arrangements side by side
    d.find_element(By.CSS_SELECTOR, "#compare-list input[value='']").click()
    d.find_element(By.ID, "compare-run").click()
    wait_for(d, lambda d: text(d, "compare-status") == "done" or
             text(d, "compare-status").startswith("HTTP 2"))
    assert text(d, "compare-status") == "done"
    d.switch_to.frame(d.find_element(By.ID, "compare-report"))
    body = d.find_element(By.TAG_NAME, "body").text
    d.switch_to.default_content()
    assert "istanbul-2022.veto" in body
    d.execute_script("document.getElementById('compare-list')"
                     ".scrollIntoView()")
    shot(d, "compare")
