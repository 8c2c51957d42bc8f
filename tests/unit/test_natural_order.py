from app.domain.natural_order import natural_key


def test_numbers_in_names_count_as_numbers() -> None:
    names = ["第10村党总支", "第2村党总支", "第1村党总支", "西溪村", "第19村党总支"]
    assert sorted(names, key=natural_key) == [
        "第1村党总支",
        "第2村党总支",
        "第10村党总支",
        "第19村党总支",
        "西溪村",
    ]
