/**
 * Stage 7: writes the report site. {@link io.github.sortlens.render.SiteRenderer} lays out the view models of
 * {@code io.github.sortlens.report} with the one Freemarker configuration ({@link io.github.sortlens.render.Templates}),
 * copies the static assets once ({@link io.github.sortlens.render.Assets}) and moves the finished site into place in
 * one step, so a failure never leaves half a site.
 */
package io.github.sortlens.render;
