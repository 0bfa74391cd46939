"""Tokenising: one normalisation on both sides, the collection dictionary, stop words, plural folding."""

from text.tokenize import tokenize


def test_traditional_and_simplified_give_the_same_tokens():
    assert tokenize("催收最難協調的平臺") == tokenize("催收最难协调的平台")


def test_user_dictionary_keeps_collection_terms_whole():
    tokens = tokenize("暴力催收会爆通讯录吗")
    assert "暴力催收" in tokens and "爆通讯录" in tokens


def test_family_is_a_word_after_my():
    # jieba alone reads 我家/人 ("my home" + "person"): the family the borrower means was no key term
    assert "家人" in tokenize("催收天天打电话给我家人") and "家人" in tokenize("我家人都知道了")
    assert "家人" in tokenize("借款人家人")


def test_stop_words_and_punctuation_are_dropped():
    assert tokenize("我的债务是什么？") == ["债务"]
    assert tokenize("What is the FDCPA?") == ["fdcpa"]


def test_fullwidth_and_case_fold_to_the_same_token():
    assert tokenize("ＦＤＣＰＡ") == tokenize("fdcpa") == ["fdcpa"]


def test_english_plurals_fold_but_short_words_and_ss_endings_do_not():
    assert tokenize("collectors agencies") == ["collector", "agency"]
    assert tokenize("harassment access bus") == ["harassment", "access", "bus"]


def test_stray_single_letters_are_dropped_digits_kept():
    assert tokenize("the collector's 7 calls") == ["collector", "7", "call"]


def test_english_contractions_leave_no_stray_stems():
    """"don't" must not turn into a rare key term "don" that the corpus lacks."""
    assert tokenize("What if I don't pay and they didn't send a notice?") == ["pay", "send", "notice"]
