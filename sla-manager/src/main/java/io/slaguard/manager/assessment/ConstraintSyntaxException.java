package io.slaguard.manager.assessment;

/** A constraint that does not follow the grammar of docs/architecture.md#constraints-and-assessment; {@link #position()} is the 0-based character offset. */
public class ConstraintSyntaxException extends IllegalArgumentException {
    private final int position;

    public ConstraintSyntaxException(String problem, int position) {
        super(problem + " at position " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
