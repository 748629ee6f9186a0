package io.slaguard.manager.templates;

import java.util.List;

/** A template or a set of parameters that cannot make an agreement; every problem is listed. */
public class TemplateException extends RuntimeException {
    private final List<String> problems;

    public TemplateException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
