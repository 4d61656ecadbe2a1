"""The source-noise and sentence patterns as they were before issue 15 made them linear: the property tests
check the new ones find the same on normal text."""
import re

# --- noise: whole lines ------------------------------------------------------------------------
_REFERENCE_ENTRY = re.compile(
    r"^\s*(?:\d{1,3}\.\s+[A-Z][\w'’-]+(?:[- ][A-Z][\w'’-]+)?\s+[A-Z]{1,4}\b"  # "12. Le Blanc K, ..."
    r"|•\s*\[\d+\]"  # "• [3] Title" (related-records lists)
    r"|\[\d+\]\s*[A-Z][a-z]+ Univ)"  # affiliation lines
)
_CITATION_LINE = re.compile(r"(?:\bet al\b.*(?:\(\d{4}\)|\d{4})|[A-Z][a-z]+,\s+[A-Z]\.,).*(?:doi|https?://|\d+\s*\(\d+\)\s*:|\d+[–-]\d+)", re.I)
_JOURNAL_LINE = re.compile(r"^\s*[A-Za-z &.,()'-]+,\s*(?:19|20)\d\d,\s*\d+\s*(?:\([^)]*\))?\s*:?\s*:?\s*[A-Z]?\d+\s*-\s*[A-Z]?\d+\s*$")
_SECTION_START = re.compile(r"^\s*(?:References|Bibliography|相关论文|Reprints and permissions|Cite this article|Rights and permissions)\s*$", re.I)
_SECTION_END = re.compile(r"^\s*(?:Download references|Acknowledgements|Author information|Funding|Ethics declarations|Additional information|Key message|Supplementary Information)\s*$", re.I)
_CHROME_LINE = re.compile(r"^\s*(?:confidence:|Section:|Cited by|\(\d+ citation statements\)|References \d+ publications|See \d+ more|Order By|Price|Supplementary file|被引|页码|页数|共\s*\d+|DOI\b|D O I|\|)", re.I)

# --- noise: spans inside content lines ---------------------------------------------------------
_NOISE_SPANS = [
    ("doi", re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s,;]+", re.I)),
    ("url", re.compile(r"(?:https?://|www\.)[^\s]+", re.I)),
    ("citation", re.compile(r"\(\s*(?:[A-Z][\w'’-]+(?:\s+(?:et al\.?|and|&)\s*[A-Z]?[\w'’-]*)?,?\s*(?:19|20)\d\d[a-z]?\s*;?\s*)+\)")),
    ("citation", re.compile(r"\b[A-Z][\w'’-]+\s+(?:[A-Z]\.\s+)?et al\.?,?\s*\(?(?:19|20)\d\d[a-z]?\)?")),
    ("reference marker", re.compile(r"\[\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*\]")),
    ("reference marker", re.compile(r"(?<=[.…])\s*\d{1,3}(?=\s+[A-Z][a-z])")),
    ("figure or table label", re.compile(r"\b(?:Table|Tab\.|Fig\.|Figure|Supplementary (?:file|table|figure)|Suppl)\s*\d+[A-Za-z]?", re.I)),
    ("volume and pages", re.compile(r"\b\d+\s*\(\s*[\w ]+\s*\)\s*:\s*[A-Z]?\d+(?:\s*[–-]\s*[A-Z]?\d+)?")),
    ("volume and pages", re.compile(r"\b\d+\s*[,:]\s*\d+\s*[–-]\s*\d+\s*\((?:19|20)\d\d\)")),
    ("grant or registration code", re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,}\b")),
    ("long identifier", re.compile(r"(?<![\d.,])\d{6,}(?![\d.,]*\d)")),
    ("ethics or case number", re.compile(r"\bNo\.\s*\d+")),
    ("file size", re.compile(r"\b\d+(?:\.\d+)?\s*(?:KB|MB|GB)\b")),
    ("postal code", re.compile(r"\b[A-Z][a-z]+\s+\d{6}\b")),
]

_SENT_END = re.compile(r"(?<!\bet al)(?<!\bFig)(?<!\bNo)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)(?<!\b[A-Z])[.!?…]+[”\"')\]]*(?=\s+[“\"(]?[A-Z0-9]|[A-Z][a-z])")
