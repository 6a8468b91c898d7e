"""The transparency page's figures: issues and recommendations by authority, how they are counted."""
