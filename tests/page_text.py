"""What a person reads on a page: the text without tags, entities decoded, spaces collapsed."""
import html
import re


def text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"</?(a|span|strong|em|cite)\b[^>]*>", "", page)  # inline: no space of their own
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def text_not_marked_english(page: str) -> str:
    """The text, less the <head> and every element marked lang="en" (names and titles kept in English)."""
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    return text(re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", page, flags=re.S))
