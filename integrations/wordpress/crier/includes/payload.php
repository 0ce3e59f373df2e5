<?php
/**
 * The article event crier's POST /v1/articles takes, built from a WordPress post. Pure mapping: it
 * reads the post through WordPress's own functions and sends nothing.
 */

defined( 'ABSPATH' ) || exit;

/**
 * The stable article id: the site's host and the post ID, so two sites sharing one crier never collide
 * and an edited, rescheduled or re-slugged post keeps its id.
 */
function crier_article_id( $post_id ) {
	$host = wp_parse_url( home_url(), PHP_URL_HOST );
	return 'wp-' . ( $host ? $host : 'site' ) . '-' . (int) $post_id;
}

/** Post types crier posts; a newsroom can add its own ('story', 'liveblog') with the filter. */
function crier_post_types() {
	return (array) apply_filters( 'crier_post_types', array( 'post' ) );
}

/** Whether the post is public news that crier should announce: published, of a posted type, no password. */
function crier_is_postable( $post ) {
	return $post instanceof WP_Post
		&& in_array( $post->post_type, crier_post_types(), true )
		&& 'publish' === $post->post_status
		&& '' === (string) $post->post_password;
}

/** Names of the post's terms in a taxonomy, in WordPress's order; errors and empties give none. */
function crier_term_names( $post_id, $taxonomy ) {
	$terms = get_the_terms( $post_id, $taxonomy );
	if ( ! is_array( $terms ) ) {
		return array();
	}
	$names = array();
	foreach ( $terms as $term ) {
		$names[] = html_entity_decode( $term->name, ENT_QUOTES, 'UTF-8' );
	}
	return $names;
}

/** en_US → en-US (BCP 47). */
function crier_language() {
	return str_replace( '_', '-', get_locale() );
}

/** The publication event for a published post. */
function crier_article_event( $post ) {
	$categories = array_values(
		array_filter(
			crier_term_names( $post->ID, 'category' ),
			function ( $name ) {
				// WordPress's default category says nothing about the story.
				return 'Uncategorized' !== $name;
			}
		)
	);
	$event = array(
		'id'          => crier_article_id( $post->ID ),
		'url'         => get_permalink( $post ),
		'headline'    => get_the_title( $post ),
		'body'        => apply_filters( 'the_content', $post->post_content ),
		'tags'        => crier_term_names( $post->ID, 'post_tag' ),
		'authors'     => array_values( array_filter( array( get_the_author_meta( 'display_name', (int) $post->post_author ) ) ) ),
		'language'    => crier_language(),
		'publishedAt' => get_post_time( 'Y-m-d\TH:i:s\Z', true, $post ),
		'priority'    => 'breaking' === get_post_meta( $post->ID, 'crier_priority', true ) ? 'breaking' : 'normal',
		'status'      => 'published',
	);
	if ( '' !== (string) $post->post_excerpt ) {
		$event['summary'] = $post->post_excerpt;
	}
	if ( ! empty( $categories ) ) {
		$event['section'] = $categories[0];
	}
	$thumbnail_id = get_post_thumbnail_id( $post );
	if ( $thumbnail_id ) {
		$image_url = wp_get_attachment_image_url( $thumbnail_id, 'full' );
		if ( $image_url ) {
			$event['image'] = array(
				'url' => $image_url,
				'alt' => (string) get_post_meta( $thumbnail_id, '_wp_attachment_image_alt', true ),
			);
		}
	}
	$correction = (string) get_post_meta( $post->ID, 'crier_correction', true );
	if ( '' !== $correction ) {
		$event['correction'] = $correction;
	}
	/** Lets a newsroom adjust the event (a primary-category plugin's section, a desk tag) before it is signed. */
	return apply_filters( 'crier_article_event', $event, $post );
}

/** The withdrawal event: `unpublished` (back to draft, private, pending) or `deleted` (trash, delete). */
function crier_withdrawal_event( $post_id, $status ) {
	return array(
		'id'     => crier_article_id( $post_id ),
		'status' => 'deleted' === $status ? 'deleted' : 'unpublished',
	);
}
