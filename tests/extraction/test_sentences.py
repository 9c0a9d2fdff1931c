from claims.extraction.sentences import split_paragraph, split_sentences


def test_abbreviations_do_not_end_sentences():
    text = "Armenia signed a charter with the U.S. last year. Dr. Smith, e.g. in Baku, agreed. It holds."
    assert split_paragraph(text) == [
        "Armenia signed a charter with the U.S. last year.",
        "Dr. Smith, e.g. in Baku, agreed.",
        "It holds.",
    ]


def test_us_at_the_end_of_a_sentence_splits_before_a_sentence_opener():
    assert split_paragraph("It aligned with the U.S. The EU objected.") == [
        "It aligned with the U.S.",
        "The EU objected.",
    ]


def test_initials_and_decimals_do_not_end_sentences():
    text = "Robert M. Cutler expects growth of 3.5% in 2026. Exports rose 1.2 percent."
    assert split_paragraph(text) == [
        "Robert M. Cutler expects growth of 3.5% in 2026.",
        "Exports rose 1.2 percent.",
    ]


def test_no_ends_a_sentence_unless_a_number_follows():
    assert split_paragraph("The answer is no. See Art. 5 and No. 3 here.") == [
        "The answer is no.",
        "See Art. 5 and No. 3 here.",
    ]


def test_quotes_stay_with_their_sentence():
    text = 'Putin said "the treaty is about trade. We need less bureaucracy." This objective is clear.'
    assert split_paragraph(text) == [
        'Putin said "the treaty is about trade.',
        'We need less bureaucracy."',
        "This objective is clear.",
    ]


def test_a_byline_ends_the_previous_articles_section():
    sentences = split_sentences("AUTHOR BIO: He is a fellow.\nBy Ann Author\nThe talks will fail.")
    assert [s.section for s in sentences] == ["AUTHOR BIO", "", ""]


def test_section_labels_are_removed_and_remembered():
    sentences = split_sentences("Intro here.\nBACKGROUND: On January 17, Russia signed. Then more.")
    assert [s.text for s in sentences] == ["Intro here.", "On January 17, Russia signed.", "Then more."]
    assert [s.section for s in sentences] == ["", "BACKGROUND", "BACKGROUND"]
