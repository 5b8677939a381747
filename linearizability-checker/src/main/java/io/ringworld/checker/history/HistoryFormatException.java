package io.ringworld.checker.history;

import java.util.List;

/**
 * Bad input: names the line (1-based; for in-memory histories, history index + 1) and the field.
 * When a reader finds several problems, {@link #problems()} lists them all (the message shows the
 * first ones and the count).
 */
public final class HistoryFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int SHOWN_MAX = 10;

    /** One problem: where and what. Field is an EDN key like {@code ":type"}, or "" for the whole line. */
    public record Problem(long line, String field, String message) {
        @Override
        public String toString() {
            return "line " + line + (field.isEmpty() ? "" : ", field " + field) + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public HistoryFormatException(long line, String field, String message) {
        this(List.of(new Problem(line, field, message)));
    }

    public HistoryFormatException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first problem's line. */
    public long line() {
        return problems.get(0).line();
    }

    /** The first problem's field. */
    public String field() {
        return problems.get(0).field();
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN_MAX, problems.size()); i++) {
            sb.append(i == 0 ? "" : "\n").append(problems.get(i));
        }
        if (problems.size() > SHOWN_MAX) {
            sb.append("\n... ").append(problems.size() - SHOWN_MAX).append(" more problems");
        }
        if (problems.size() > 1) {
            sb.append("\n(").append(problems.size()).append(" problems)");
        }
        return sb.toString();
    }
}
