<?php
/**
 * When WordPress tells crier something. `wp_after_insert_post` runs once the post, its terms and
 * its featured image are saved (WordPress 5.6+), for a first publish, an update of a published post
 * and a scheduled post going live alike; `transition_post_status` catches unpublishing;
 * `trashed_post` and `before_delete_post` catch removal.
 */

defined( 'ABSPATH' ) || exit;

/** One event per post and kind per request: the block editor saves twice (post, then meta boxes). */
function crier_once( $post_id, $kind ) {
	$key = $post_id . ':' . $kind;
	if ( isset( $GLOBALS['crier_sent_this_request'][ $key ] ) ) {
		return false;
	}
	$GLOBALS['crier_sent_this_request'][ $key ] = true;
	return true;
}

function crier_on_after_insert_post( $post_id, $post, $update, $post_before ) {
	if ( wp_is_post_revision( $post_id ) || wp_is_post_autosave( $post_id ) ) {
		return;
	}
	if ( ! crier_is_postable( $post ) ) {
		// Published before and now password-protected: no longer public.
		if ( $post_before instanceof WP_Post && crier_is_postable( $post_before ) && 'publish' === $post->post_status && crier_once( $post_id, 'unpublished' ) ) {
			crier_send_event( crier_withdrawal_event( $post_id, 'unpublished' ) );
		}
		return;
	}
	if ( crier_once( $post_id, 'publish' ) ) {
		crier_send_event( crier_article_event( $post ) );
	}
}

function crier_on_transition_post_status( $new_status, $old_status, $post ) {
	// Trash has its own hook; a post that was never published was never posted.
	if ( 'publish' !== $old_status || 'publish' === $new_status || 'trash' === $new_status ) {
		return;
	}
	if ( ! in_array( $post->post_type, crier_post_types(), true ) || ! crier_once( $post->ID, 'unpublished' ) ) {
		return;
	}
	crier_send_event( crier_withdrawal_event( $post->ID, 'unpublished' ) );
}

function crier_on_trashed_post( $post_id ) {
	$post = get_post( $post_id );
	if ( ! $post || ! in_array( $post->post_type, crier_post_types(), true ) ) {
		return;
	}
	// The status before trashing is kept in meta: only a post that was public was posted.
	if ( 'publish' !== get_post_meta( $post_id, '_wp_trash_meta_status', true ) || ! crier_once( $post_id, 'deleted' ) ) {
		return;
	}
	crier_send_event( crier_withdrawal_event( $post_id, 'deleted' ) );
}

function crier_on_before_delete_post( $post_id, $post ) {
	// Deleting from the trash was announced when it was trashed.
	if ( ! $post instanceof WP_Post || 'publish' !== $post->post_status || ! in_array( $post->post_type, crier_post_types(), true ) ) {
		return;
	}
	if ( crier_once( $post_id, 'deleted' ) ) {
		crier_send_event( crier_withdrawal_event( $post_id, 'deleted' ) );
	}
}
