/**
 * The field profile: the {@link dev.doppel.profile.FieldRole} each field plays, inferred from its
 * statistics by {@link dev.doppel.profile.RoleInference} or set in a profile file read by
 * {@link dev.doppel.profile.ProfileConfig}. Sees only {@code stats} and {@code codec} types.
 */
package dev.doppel.profile;
