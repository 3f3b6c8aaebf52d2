import { searchChannels } from '../../shared/channel';
import { searchCategories } from './categories';
import { searchRewards } from './rewards';

export const listSearch = { searchChannels, searchCategories, searchRewards };
