import type { KickResource } from '../../helpers/types';
import { getCategory } from './get';
import { getManyCategories } from './getMany';
import { searchCategories } from './search';

export const categoryResource: KickResource = {
	value: 'category',
	name: 'Category',
	operations: [getManyCategories, searchCategories, getCategory],
};
