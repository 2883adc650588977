package dev.doppel.model;

/**
 * One field of the source's record keys when they were Avro records: the mirror's key field takes
 * the made-up value of {@code valueField} when the source's key field always equalled that
 * (synthesized) value field, else a value made up in the key field's own shape. Immutable.
 *
 * @param model      the key field's shape, named by the key field; always synthesized, no real value
 * @param valueField the synthesized value field it equalled, or null
 */
public record KeyFieldModel(FieldModel model, String valueField) {

    public KeyFieldModel {
        if (!model.role().synthesized()) {
            throw new IllegalArgumentException("key field " + model.name() + " must be synthesized, not " + model.role().label());
        }
    }

    public String name() {
        return model.name();
    }
}
