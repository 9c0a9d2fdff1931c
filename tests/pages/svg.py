"""Read the server-rendered SVG plots out of a page, as a browser would see their parts."""

import re
import xml.etree.ElementTree as ET


def svgs(html: str, css_class: str) -> list[ET.Element]:
    """Return every <svg> whose class list holds ``css_class``, parsed as XML (so it must be well formed)."""
    found = []
    for match in re.finditer(r"<svg\b[^>]*>.*?</svg>", html, re.S):
        element = ET.fromstring(match.group(0))
        if css_class in element.get("class", "").split():
            found.append(element)
    return found


def calibration_bins(svg: ET.Element) -> list[dict]:
    """Return each plotted bin: its count, its circle's centre and its band's top and bottom (SVG y)."""
    bins = []
    for group in svg.iter("g"):
        if group.get("class") != "bin-group":
            continue
        circle, band = group.find("circle"), group.find("rect")
        bins.append(
            {
                "bin": int(group.get("data-bin")),
                "count": int(group.get("data-count")),
                "cy": float(circle.get("cy")),
                "band_top": float(band.get("y")),
                "band_bottom": float(band.get("y")) + float(band.get("height")),
                "low": float(band.get("data-low")),
                "high": float(band.get("data-high")),
            }
        )
    return bins
