from reports.suppression import suppress, table

T = 5


def shown(column):
    return {k: column.shown(k) for k in column.cells}


def test_small_cells_are_hidden_and_large_ones_shown():
    column = suppress({"a": 12, "b": 3, "c": 4, "d": 20}, T)
    assert shown(column) == {"a": "12", "b": "<5", "c": "<5", "d": "20"}
    assert column.total.shown(T) == "39"


def test_one_hidden_cell_cannot_be_worked_out_from_the_total():
    # Total 33 and a=12, c=20 visible would give b = 1: the next smallest cell is hidden too.
    column = suppress({"a": 12, "b": 1, "c": 20}, T)
    assert shown(column) == {"a": "<5", "b": "<5", "c": "20"}
    assert column.total.shown(T) == "33"


def test_hidden_cells_together_reach_the_threshold():
    # Two hidden cells summing to 1 would reveal that one of them is 0 and the other 1.
    column = suppress({"a": 0, "b": 1, "c": 6, "d": 30}, T)
    assert shown(column) == {"a": "<5", "b": "<5", "c": "<5", "d": "30"}
    hidden_sum = sum(c.value for c in column.cells.values() if c.hidden)
    assert hidden_sum >= T


def test_every_visible_cell_plus_total_never_pins_down_a_hidden_cell():
    import itertools

    for values in itertools.product([0, 1, 3, 5, 9], repeat=3):
        column = suppress(dict(zip("abc", values, strict=True)), T)
        hidden = [c for c in column.cells.values() if c.hidden]
        if column.total.hidden:
            continue
        assert len(hidden) != 1
        assert not hidden or sum(c.value for c in hidden) >= T


def test_small_total_hides_everything():
    column = suppress({"a": 2, "b": 1}, T)
    assert column.total.shown(T) == "<5" and set(shown(column).values()) == {"<5"}


def test_percentages_only_for_visible_cells():
    column = suppress({"a": 15, "b": 2, "c": 3}, T)
    assert column.percent("a") == "75 %" and column.percent("b") == "–"


def test_cumulative_cell_hidden_when_the_difference_to_the_period_is_small():
    # Year so far 9, this period 7: the earlier 2 would be revealed by subtraction.
    t = table("x", {"a": "A", "b": "B"}, {"a": 7, "b": 10}, {"a": 9, "b": 30}, T)
    assert t.rows[0]["period"] == "7"
    assert t.rows[0]["cumulative"] == "<5"
    assert t.rows[1]["cumulative"] == "<5"  # secondary suppression keeps a from being derived from the total
