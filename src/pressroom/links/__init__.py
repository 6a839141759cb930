"""Links in pieces: UTM tags (``utm.py``), short links Pressroom serves and counts
(``service.py``), and hashtags ranked per channel (``hashtags.py``). See docs/LINKS.md."""
