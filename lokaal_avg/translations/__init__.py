"""Message catalogues (nl source strings, en and fr translations) and the tools that keep them current."""
